"""Numbers of the DOS kernel: memory layout, termination types, error codes."""

DOS_DATA_SEG = 0x0060  # kernel data below the arena
SYSTEM_PSP = 0x0080  # the PSP that owns the session: a root program's parent
FIRST_MCB = 0x0100
MEMORY_TOP = 0xA000  # 640 KiB

# How a process ended (AH of INT 21h/4Dh)
TERM_NORMAL, TERM_CTRL_C, TERM_CRITICAL, TERM_TSR = 0, 1, 2, 3

# DOS error codes (AX with CF set; INT 21h/59h)
ERR_INVALID_FUNCTION = 1
ERR_FILE_NOT_FOUND = 2
ERR_PATH_NOT_FOUND = 3
ERR_TOO_MANY_OPEN_FILES = 4
ERR_ACCESS_DENIED = 5
ERR_INVALID_HANDLE = 6
ERR_ARENA_TRASHED = 7
ERR_NOT_ENOUGH_MEMORY = 8
ERR_INVALID_BLOCK = 9
ERR_BAD_ENVIRONMENT = 10
ERR_BAD_FORMAT = 11
ERR_INVALID_ACCESS = 12
ERR_INVALID_DATA = 13
ERR_INVALID_DRIVE = 15
ERR_CURRENT_DIRECTORY = 16
ERR_NOT_SAME_DEVICE = 17
ERR_NO_MORE_FILES = 18
ERR_WRITE_PROTECT = 19
ERR_SHARING_VIOLATION = 32
ERR_LOCK_VIOLATION = 33
ERR_FILE_EXISTS = 80
ERR_CANNOT_MAKE = 82
ERR_FAIL_I24 = 83


class DosError(Exception):
    """Raised by a kernel function to return DOS error `code` to the guest (CF set)."""

    def __init__(self, code: int, message: str = "") -> None:
        super().__init__(message or f"DOS error {code}")
        self.code = code
