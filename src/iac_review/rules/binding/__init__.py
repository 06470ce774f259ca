"""Provider-binding rules: what breaks `cdktf synth` against the installed provider."""
