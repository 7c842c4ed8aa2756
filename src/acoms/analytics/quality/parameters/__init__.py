"""Parameters of the claims-based quality measures (acoms.lib.parameters convention)."""
