// The item-bank module: manifest, blueprint, items, validation.
