"""Provider schema index, built from the installed jsii assemblies."""
