import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `mentorcert report` and `mentorcert plot` end to end on the bundled bank (issues 18 and 19).
@Suite(.serialized) struct ReportCLITests {
    static var bank: String { repositoryRoot.appendingPathComponent("itembanks/mentorcert").path }

    /// Simulated responses of the bundled bank written by `responses simulate`.
    static func responses(in dir: URL, persons: Int = 200) throws -> String {
        let r = runMentorCert(["responses", "simulate", "--bank", bank, "--persons", String(persons), "--seed", "7",
                               "--out", "responses.csv", "--quiet"], cwd: dir)
        try #require(r.status == 0, "responses simulate failed: \(r.stderr)")
        return dir.appendingPathComponent("responses.csv").path
    }

    @Test func reportWritesTheThreeFilesAndFigures() throws {
        let dir = try temporaryWorkingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let responses = try Self.responses(in: dir)
        let r = runMentorCert(["report", "--bank", Self.bank, "--responses", responses, "--simulate", "40", "--seed", "3",
                               "--out", "rep", "--no-item-fit"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("SIMULATED"))
        let out = dir.appendingPathComponent("rep")
        for name in ["report.html", "report.md", "report.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name) missing")
        }
        let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
        #expect(figures.count >= 5)
        for f in figures {
            let data = try Data(contentsOf: out.appendingPathComponent("figures").appendingPathComponent(f))
            #expect(XMLParser(data: data).parse(), "\(f) is not well-formed XML")
        }
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!html.contains("http") && !html.contains("src="))
        // Run again into the same directory: refused without --force, the report untouched.
        let again = runMentorCert(["report", "--bank", Self.bank, "--responses", responses, "--out", "rep", "--no-item-fit"], cwd: dir)
        #expect(again.status == 1)
        #expect(again.stderr.contains("not empty") && again.stderr.contains("--force"))
        #expect(try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8) == html)
    }

    @Test func standardSettingRecordAndGroupsReachTheReport() throws {
        let dir = try temporaryWorkingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let responses = try Self.responses(in: dir, persons: 120)
        // A group column for DIF: every other person focal.
        let lines = try String(contentsOfFile: responses, encoding: .utf8).split(separator: "\n").map(String.init)
        let grouped = ([lines[0] + ",region"] + lines.dropFirst().enumerated().map { $1 + ($0 % 2 == 0 ? ",north" : ",south") })
            .joined(separator: "\n") + "\n"
        try grouped.write(toFile: dir.appendingPathComponent("grouped.csv").path, atomically: true, encoding: .utf8)
        let ratings = repositoryRoot.appendingPathComponent("examples/standard-setting/angoff-ratings.csv").path
        let s = runMentorCert(["standards", "angoff", ratings, "--bank", Self.bank, "--format", "json", "--out", "angoff.json", "--quiet"], cwd: dir)
        try #require(s.status == 0, "standards angoff: \(s.stderr)")
        let r = runMentorCert(["report", "--bank", Self.bank, "--responses", "grouped.csv", "--group", "region", "--focal", "south",
                               "--standard-setting", "angoff.json", "--out", "rep", "--no-item-fit", "--quiet"], cwd: dir)
        try #require(r.status == 0, "report: \(r.stderr)")
        let json = try Data(contentsOf: dir.appendingPathComponent("rep/report.json"))
        let doc = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let sections = try #require(doc["sections"] as? [[String: Any]])
        let standard = try #require(sections.first { $0["id"] as? String == "standardSetting" })
        #expect(standard["status"] as? String == "partial")
        #expect((standard["tables"] as? [Any])?.isEmpty == false)
        let passRates = try #require(sections.first { $0["id"] as? String == "passRates" })
        let tables = try #require(passRates["tables"] as? [[String: Any]])
        #expect(tables.contains { $0["id"] as? String == "dif" })
        // --focal without --group is a usage error.
        let bad = runMentorCert(["report", "--bank", Self.bank, "--responses", "grouped.csv", "--focal", "south", "--out", "rep2"], cwd: dir)
        #expect(bad.status == 64 && bad.stderr.contains("--group"))
        let noRecord = runMentorCert(["report", "--bank", Self.bank, "--responses", "grouped.csv", "--standard-setting", "none.json",
                                      "--out", "rep3"], cwd: dir)
        #expect(noRecord.status == 1 && noRecord.stderr.contains("none.json"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("rep3").path))
    }

    @Test func badInputIsRefusedAndNothingIsWritten() throws {
        let dir = try temporaryWorkingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Missing bank.
        let noBank = runMentorCert(["report", "--bank", "no-such-bank", "--responses", "r.csv", "--out", "rep"], cwd: dir)
        #expect(noBank.status == 1)
        #expect(noBank.stderr.contains("no-such-bank"))
        // Unreadable responses (missing file, then a file with a bad cell).
        let missing = runMentorCert(["report", "--bank", Self.bank, "--responses", "absent.csv", "--out", "rep"], cwd: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("absent.csv"))
        let responses = try Self.responses(in: dir, persons: 5)
        var text = try String(contentsOfFile: responses, encoding: .utf8)
        let lines = text.split(separator: "\n")
        var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[1] = "x"
        text = ([String(lines[0]), cells.joined(separator: ",")] + lines.dropFirst(2).map(String.init)).joined(separator: "\n") + "\n"
        try text.write(toFile: dir.appendingPathComponent("bad.csv").path, atomically: true, encoding: .utf8)
        let bad = runMentorCert(["report", "--bank", Self.bank, "--responses", "bad.csv", "--out", "rep"], cwd: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.csv:2"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("rep").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".rep") }.isEmpty)
    }

    @Test func plotSubcommandsWriteValidSVG() throws {
        let dir = try temporaryWorkingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let responses = try Self.responses(in: dir, persons: 100)
        let bankItems = try String(contentsOfFile: Self.bank + "/items/S1.yaml", encoding: .utf8)
        let ids = bankItems.split(separator: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("- id:") else { return nil }
            return t.dropFirst(5).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        try #require(ids.count >= 2)
        let runs: [(String, [String])] = [
            ("icc", ["plot", "icc", "--bank", Self.bank, "--items", ids.prefix(2).joined(separator: ","), "--out", "icc.svg"]),
            ("iif", ["plot", "iif", "--bank", Self.bank, "--items", ids[0], "--out", "iif.svg"]),
            ("tif", ["plot", "tif", "--bank", Self.bank, "--section", "S1", "--section", "S6", "--out", "tif.svg"]),
            ("csem", ["plot", "csem", "--bank", Self.bank, "--out", "csem.svg"]),
            ("wright", ["plot", "wright", "--bank", Self.bank, "--responses", responses, "--out", "wright.svg"]),
            ("exposure", ["plot", "exposure", "--bank", Self.bank, "--simulate", "30", "--seed", "2", "--out", "exposure.svg"]),
        ]
        for (name, args) in runs {
            let r = runMentorCert(args, cwd: dir)
            #expect(r.status == 0, "plot \(name): \(r.stderr)")
            let data = try Data(contentsOf: dir.appendingPathComponent("\(name).svg"))
            #expect(XMLParser(data: data).parse(), "\(name).svg is not well-formed")
            let svg = String(decoding: data, as: UTF8.self)
            #expect(svg.contains("xmlns=\"http://www.w3.org/2000/svg\"") && svg.contains("viewBox"))
            #expect(!svg.lowercased().contains("nan"))
        }
        let tif = try String(contentsOf: dir.appendingPathComponent("tif.svg"), encoding: .utf8)
        #expect(tif.contains(">S1<") && tif.contains(">S6<") && tif.contains(">intermediate<"))
        let unknown = runMentorCert(["plot", "icc", "--bank", Self.bank, "--items", "NOPE", "--out", "x.svg"], cwd: dir)
        #expect(unknown.status == 1 && unknown.stderr.contains("NOPE"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.svg").path))
    }
}

// MARK: - The report in a real browser (issue 18, Done-when)

/// The Debian `chromium` executable, if installed (`make test` installs it when missing).
let chromiumPath: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// Runs a process with a hard time limit (killed after `timeout` seconds); output and status.
func runBounded(_ executable: String, _ arguments: [String], timeout: Double = 60) -> (status: Int32, stdout: String, stderr: String, timedOut: Bool) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch { return (-1, "", "cannot run \(executable): \(error)", false) }
    nonisolated(unsafe) var outData = Data(), errData = Data()
    let group = DispatchGroup()
    group.enter(); DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.enter(); DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let deadline = Date().addingTimeInterval(timeout)
    var timedOut = false
    while process.isRunning {
        if Date() > deadline {
            timedOut = true
            kill(-process.processIdentifier, SIGKILL)
            kill(process.processIdentifier, SIGKILL)
            break
        }
        usleep(100_000)
    }
    process.waitUntilExit()
    _ = group.wait(timeout: .now() + 10)
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self), timedOut)
}

@Suite(.serialized) struct ReportBrowserTests {
    /// The probe added to the test copy of the page: errors are recorded from the first script on;
    /// after load the body carries the number of SVG figures, how many have a drawn size, and the errors.
    static let headProbe = "<script>window.__errors=[];window.addEventListener('error',function(e){window.__errors.push(String(e.message||e));});"
        + "var __ce=console.error;console.error=function(){window.__errors.push(Array.prototype.join.call(arguments,' '));__ce.apply(console,arguments);};</script>"
    static let bodyProbe = "<script>(function(){var s=document.querySelectorAll('svg');var drawn=0;"
        + "for(var i=0;i<s.length;i++){var r=s[i].getBoundingClientRect();if(r.width>0&&r.height>0)drawn++;}"
        + "document.body.setAttribute('data-svg-count',String(s.length));document.body.setAttribute('data-svg-drawn',String(drawn));"
        + "document.body.setAttribute('data-figures',String(document.querySelectorAll('figure').length));"
        + "document.body.setAttribute('data-errors',String(window.__errors.length));"
        + "document.body.setAttribute('data-error-text',window.__errors.join(' | '));})();</script>"

    @Test(.enabled(if: chromiumPath != nil, "chromium not found: install Debian's chromium (make test does it with apt-get) to render the report"))
    func reportRendersInHeadlessChromium() throws {
        let chromium = try #require(chromiumPath)
        let dir = try temporaryWorkingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let responses = try ReportCLITests.responses(in: dir, persons: 200)
        let r = runMentorCert(["report", "--bank", ReportCLITests.bank, "--responses", responses, "--simulate", "40", "--seed", "3",
                               "--out", "rep", "--no-item-fit", "--quiet"], cwd: dir)
        try #require(r.status == 0, "report failed: \(r.stderr)")
        let html = try String(contentsOf: dir.appendingPathComponent("rep/report.html"), encoding: .utf8)
        let figures = html.components(separatedBy: "<figure").count - 1
        try #require(figures >= 5)
        // The test copy: the same page with the probe scripts.
        let probe = html.replacingOccurrences(of: "<head>", with: "<head>\n" + Self.headProbe)
            .replacingOccurrences(of: "</body>", with: Self.bodyProbe + "\n</body>")
        let probeFile = dir.appendingPathComponent("rep/probe.html")
        try probe.write(to: probeFile, atomically: true, encoding: .utf8)
        let profile = dir.appendingPathComponent("chromium-profile").path
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                      "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0"]
        let dom = runBounded(chromium, common + ["--dump-dom", probeFile.absoluteString])
        #expect(!dom.timedOut, "chromium --dump-dom did not finish within 60 s")
        #expect(dom.status == 0, "chromium --dump-dom: \(dom.stderr.suffix(2000))")
        func attribute(_ name: String) -> String? {
            guard let range = dom.stdout.range(of: "\(name)=\"") else { return nil }
            return String(dom.stdout[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(attribute("data-svg-count") == String(figures), "SVGs in the page: \(attribute("data-svg-count") ?? "none")")
        #expect(attribute("data-svg-drawn") == String(figures), "SVGs drawn with a size: \(attribute("data-svg-drawn") ?? "none")")
        #expect(attribute("data-errors") == "0", "page errors: \(attribute("data-error-text") ?? "")")
        // Console errors reported by the browser itself (e.g. a resource that failed to load).
        let consoleErrors = dom.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") && ($0.contains("ERROR") || $0.contains("Uncaught")) }
        #expect(consoleErrors.isEmpty, "console: \(consoleErrors.joined(separator: "\n"))")
        // The screenshot of the report itself.
        let shot = dir.appendingPathComponent("report.png")
        let s = runBounded(chromium, common + ["--hide-scrollbars", "--screenshot=\(shot.path)", "--window-size=1200,3000",
                                               dir.appendingPathComponent("rep/report.html").absoluteString])
        #expect(!s.timedOut, "chromium --screenshot did not finish within 60 s")
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 20_000)
    }
}

// MARK: - A `plot` figure in a real browser, and its PNG (issue 19, Done-when)

@Suite(.serialized) struct PlotBrowserTests {
    /// The probe run after the inlined SVG: its drawn size and how many of its polylines have a drawn extent.
    static let probe = "<script>(function(){var s=document.querySelector('svg');var r=s?s.getBoundingClientRect():{width:0,height:0};"
        + "var p=document.querySelectorAll('svg polyline');var drawn=0;"
        + "for(var i=0;i<p.length;i++){var b=p[i].getBBox();if(b.width>0)drawn++;}"
        + "document.body.setAttribute('data-svg-width',String(Math.round(r.width)));"
        + "document.body.setAttribute('data-polylines',String(p.length));document.body.setAttribute('data-drawn',String(drawn));"
        + "document.body.setAttribute('data-texts',String(document.querySelectorAll('svg text').length));})();</script>"

    @Test("plot tif renders in headless Chromium (every curve drawn) and --png writes a PNG of the figure's size",
          .enabled(if: chromiumPath != nil, "chromium not found: install Debian's chromium (make browser) to render the plot"))
    func plotRendersAndConverts() throws {
        let chromium = try #require(chromiumPath)
        let dir = try temporaryWorkingDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = runMentorCert(["plot", "tif", "--bank", ReportCLITests.bank, "--section", "S1", "--section", "S6", "--out", "tif.svg", "--png"],
                              cwd: dir)
        try #require(r.status == 0, "plot tif: \(r.stderr)")
        let svg = try String(contentsOf: dir.appendingPathComponent("tif.svg"), encoding: .utf8)
        let polylines = svg.components(separatedBy: "<polyline").count - 1
        try #require(polylines >= 2)
        // The PNG: written by rsvg-convert (2× width) when present, else by chromium at the figure's size.
        let png = try Data(contentsOf: dir.appendingPathComponent("tif.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "tif.png is not a PNG")
        #expect(r.stderr.contains("tif.png"))
        // IHDR: width and height, big-endian, at bytes 16–23.
        let width = png.dropFirst(16).prefix(4).reduce(0) { $0 << 8 | Int($1) }
        let viewBoxWidth = 720
        #expect(width == viewBoxWidth || width == 2 * viewBoxWidth, "PNG width \(width)")
        // Render the SVG inline in a page and ask the browser what it drew.
        let inline = svg.drop { $0 != "\n" }   // drop the XML declaration
        let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\(inline)\(Self.probe)</body></html>"
        let pageFile = dir.appendingPathComponent("probe.html")
        try page.write(to: pageFile, atomically: true, encoding: .utf8)
        let profile = dir.appendingPathComponent("chromium-profile").path
        let dom = runBounded(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                                        "--user-data-dir=\(profile)", "--dump-dom", pageFile.absoluteString])
        #expect(!dom.timedOut && dom.status == 0, "chromium --dump-dom: \(dom.stderr.suffix(2000))")
        func attribute(_ name: String) -> String? {
            guard let range = dom.stdout.range(of: "\(name)=\"") else { return nil }
            return String(dom.stdout[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(attribute("data-svg-width") == String(viewBoxWidth))
        #expect(attribute("data-polylines") == String(polylines))
        #expect(attribute("data-drawn") == String(polylines), "polylines drawn: \(attribute("data-drawn") ?? "none") of \(polylines)")
        #expect(Int(attribute("data-texts") ?? "0") ?? 0 > 10)
    }
}
