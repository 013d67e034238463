; Error codes of the handle calls: each line is one call's CF and AX.
%include "macros.inc"
        org 100h
        mov ax, 3D00h               ; 1: a folder on the way is missing: 3
        mov dx, n_nodir
        int 21h
        call show
        mov ax, 3D00h               ; 2: no such file: 2
        mov dx, n_nofile
        int 21h
        call show
        mov ax, 3D03h               ; 3: bad access code (checked first): 12
        mov dx, n_nofile
        int 21h
        call show
        mov ah, 3Ch                 ; 4: create in a missing folder: 3
        xor cx, cx
        mov dx, n_nodir
        int 21h
        call show
        mov ah, 39h                 ; (make SUB)
        mov dx, n_sub
        int 21h
        mov ax, 3D00h               ; 5: open a folder: 5
        mov dx, n_sub
        int 21h
        call show
        mov ah, 3Ch                 ; 6: create over a folder: 5
        xor cx, cx
        mov dx, n_sub
        int 21h
        call show

        mov ah, 3Ch                 ; 7: create DATA.TXT
        xor cx, cx
        mov dx, n_data
        int 21h
        call show
        mov bx, ax
        mov ah, 40h
        mov cx, 5
        mov dx, n_data
        int 21h
        mov ah, 3Eh
        int 21h
        mov ah, 5Bh                 ; 8: create new over it: 80
        xor cx, cx
        mov dx, n_data
        int 21h
        call show
        mov ax, 3D00h               ; 9: read-only open, then write: 5
        mov dx, n_data
        int 21h
        mov bx, ax
        mov ah, 40h
        mov cx, 1
        mov dx, n_data
        int 21h
        call show
        mov ah, 3Eh
        int 21h
        mov ax, 3D01h               ; 10: write-only open, then read: 5
        mov dx, n_data
        int 21h
        mov bx, ax
        mov ah, 3Fh
        mov cx, 1
        mov dx, buf
        int 21h
        call show
        mov ah, 3Eh
        int 21h

        mov ax, 4301h               ; 11: make it read-only
        mov cx, 1
        mov dx, n_data
        int 21h
        call show
        mov ax, 4300h               ; 12: its attributes
        mov dx, n_data
        int 21h
        mov ax, cx
        call show
        mov ax, 3D02h               ; 13: open read-only file for writing: 5
        mov dx, n_data
        int 21h
        call show
        mov ah, 41h                 ; 14: delete it: 5
        mov dx, n_data
        int 21h
        call show
        mov ah, 3Ch                 ; 15: create over it: 5
        xor cx, cx
        mov dx, n_data
        int 21h
        call show
        mov ax, 3D00h               ; 16: reading it is fine
        mov dx, n_data
        int 21h
        call show
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov ax, 4301h               ; 17: writable again
        mov cx, 20h
        mov dx, n_data
        int 21h
        call show
        mov ax, 4300h               ; 18: attributes of a missing file: 2
        mov dx, n_nofile
        int 21h
        call show
        mov ax, 4300h               ; 19: of the folder: 10h
        mov dx, n_sub
        int 21h
        mov ax, cx
        call show

        mov ah, 56h                 ; 20: rename a missing file: 2
        mov dx, n_nofile
        mov di, n_other
        push ds
        pop es
        int 21h
        call show
        mov ah, 3Ch                 ; (make OTHER.TXT)
        xor cx, cx
        mov dx, n_other
        int 21h
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov ah, 56h                 ; 21: rename onto an existing name: 5
        mov dx, n_data
        mov di, n_other
        int 21h
        call show
        mov ah, 56h                 ; 22: rename into SUB: fine
        mov dx, n_data
        mov di, n_moved
        int 21h
        call show
        mov ax, 3D00h               ; 23: it is there now
        mov dx, n_moved
        int 21h
        call show
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov ah, 56h                 ; 24: rename to a missing folder: 3
        mov dx, n_moved
        mov di, n_nodir
        int 21h
        call show

        mov ah, 3Eh                 ; 25: close a handle never opened: 6
        mov bx, 12
        int 21h
        call show
        mov ah, 3Fh                 ; 26: read from a handle past the table: 6
        mov bx, 200
        mov cx, 1
        mov dx, buf
        int 21h
        call show
        mov ax, 4201h               ; 27: seek a bad handle: 6
        mov bx, 30
        xor cx, cx
        xor dx, dx
        int 21h
        call show
        mov ah, 45h                 ; 28: dup a bad handle: 6
        mov bx, 15
        int 21h
        call show
        mov ah, 46h                 ; 29: force-dup a bad handle: 6
        mov bx, 15
        mov cx, 16
        int 21h
        call show
        mov ax, 5700h               ; 30: date of a bad handle: 6
        mov bx, 15
        int 21h
        call show
        mov ax, 3D00h               ; 31: a bad character in the last name: 2
        mov dx, n_bad
        int 21h
        call show
        mov ax, 3D00h               ; 32: a drive that is not there: 3
        mov dx, n_nodrive
        int 21h
        call show
        mov ax, 4400h               ; 33: IOCTL on a bad handle: 6
        mov bx, 15
        int 21h
        call show
        mov ax, 3D00h               ; 34: seek with no such origin: 1
        mov dx, n_other
        int 21h
        mov bx, ax
        mov ax, 4203h
        xor cx, cx
        xor dx, dx
        int 21h
        call show
        mov ax, 3D00h               ; 35: an empty name: 2
        mov dx, n_empty
        int 21h
        call show
        mov ax, 3D00h               ; 36: a wildcard: 2
        mov dx, n_wild
        int 21h
        call show
        mov ax, 3D00h               ; 37: the root folder: 2
        mov dx, n_root
        int 21h
        call show
        mov ax, 3D00h               ; 38: a bad character in a folder name: 3
        mov dx, n_baddir
        int 21h
        call show
        mov ax, 3D08h               ; 39: reserved access bit 3: 12
        mov dx, n_other
        int 21h
        call show
        exit 0

%include "files_common.inc"
n_nodir   db "NODIR\FILE.TXT", 0
n_nofile  db "NOFILE.TXT", 0
n_data    db "DATA.TXT", 0
n_sub     db "SUB", 0
n_other   db "OTHER.TXT", 0
n_moved   db "SUB\MOVED.TXT", 0
n_bad     db "A+B.TXT", 0
n_baddir  db "A+B\X.TXT", 0
n_empty   db 0
n_wild    db "*.TXT", 0
n_root    db "\", 0
n_nodrive db "Q:\FILE.TXT", 0
buf       times 16 db 0
