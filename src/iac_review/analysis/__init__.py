"""Static analysis shared by the rules: parsed modules, imports, values, bindings."""
