"""Pipeline stages: input, static (and later synth, tfjson, tests, diff)."""
