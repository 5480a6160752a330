import ResponseData

extension ItemBank {
    /// The catalogue the response reader needs: id → categories, option labels, key (bank order).
    public var catalogue: ItemCatalogue {
        ItemCatalogue(items: items.map { item in
            (item.id, ItemCatalogue.Entry(categoryCount: item.categoryCount,
                                          optionLabels: item.options.map(\.label), key: item.key))
        })
    }
}
