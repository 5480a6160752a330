import LinearAlgebra
import Testing

@Suite("Matrix value type")
struct MatrixTests {
    @Test("row-major storage: element (i, j) at i·columns + j")
    func rowMajor() throws {
        let m = try Matrix(rows: 2, columns: 3, storage: [1, 2, 3, 4, 5, 6])
        #expect(m[0, 2] == 3)
        #expect(m[1, 0] == 4)
        #expect(m.row(1) == [4, 5, 6])
        #expect(m == a23)
        #expect(m.transposed == matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(m.diagonal == [1, 5])
        #expect(matrix([[1, -7], [3, 2]]).maxAbs == 7)
        #expect(Matrix.identity(3) == matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
    }

    @Test("ragged rows throw .raggedRows naming the row")
    func ragged() {
        let error = #expect(throws: LinearAlgebraError.self) { try Matrix([[1, 2], [3, 4], [5]]) }
        #expect(error?.kind == .raggedRows(row: 2, expected: 2, found: 1))
        #expect(error?.description.contains("Row 2 has 1 values") == true)
    }

    @Test("storage of the wrong size throws .storageSize", arguments: [
        (2, 2, 3), (2, 3, 7), (0, 3, 1), (-1, 2, 0),
    ])
    func storageSize(rows: Int, columns: Int, count: Int) {
        let error = #expect(throws: LinearAlgebraError.self) {
            try Matrix(rows: rows, columns: columns, storage: [Double](repeating: 0, count: count))
        }
        #expect(error?.kind == .storageSize(rows: rows, columns: columns, count: count))
    }

    @Test("empty shapes are valid")
    func empty() throws {
        #expect(try Matrix([]) == Matrix(rows: 0, columns: 0))
        let noColumns = try Matrix([[], []])
        #expect(noColumns.rows == 2 && noColumns.columns == 0)
        #expect(try Matrix(rows: 0, columns: 5, storage: []).columns == 5)
        #expect(Matrix(rows: 0, columns: 0).maxAbs == 0)
    }

    @Test("mutation through the subscript writes row-major storage")
    func subscriptSet() {
        var m = Matrix(rows: 2, columns: 3)
        m[1, 2] = 9
        #expect(m.storage == [0, 0, 0, 0, 0, 9])
    }
}
