"""The built-in virtual device drivers: the PC's hardware and BIOS."""
