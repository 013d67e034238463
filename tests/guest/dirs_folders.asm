; Drives and folders: 0Eh, 19h, 39h, 3Ah, 3Bh, 47h, 36h, 1Ah/2Fh, with their errors.
; Expects on the drive: FULL\F.TXT and a file PLAIN.TXT (the test makes them).
        org 100h
%include "macros.inc"
%macro call21 2                         ; AH, DX: call and print the result
        mov dx, %2
        mov ah, %1
        int 21h
        call result
%endmacro
start:
        mov ah, 19h                     ; current drive
        int 21h
        call hexal
        call newline
        mov dl, 2                       ; select C: -> number of drives
        mov ah, 0Eh
        int 21h
        call hexal
        call newline
        mov dl, 16                      ; select Q: (none): the current drive stays
        mov ah, 0Eh
        int 21h
        mov ah, 19h
        int 21h
        call hexal
        call newline

        call21 39h, newdir              ; mkdir NEWDIR
        call21 39h, newdir              ; again: access denied
        call21 39h, deep                ; NOPE\X: path not found
        call21 39h, baddrive            ; Q:\X
        call21 39h, plain               ; a file has the name
        call21 3Bh, plain               ; chdir to a file: path not found
        call21 3Bh, nope                ; chdir to nothing
        call21 3Bh, newdir              ; chdir NEWDIR
        call cwd
        call21 39h, inner               ; relative mkdir
        call21 3Bh, inner
        call cwd
        call21 3Bh, dotdot
        call cwd
        call21 3Ah, dotdotnew           ; ..\NEWDIR is the current folder: 16
        call21 3Ah, inner
        call21 3Bh, root
        call cwd
        call21 3Ah, newdir
        call21 3Ah, newdir              ; gone: path not found
        call21 3Ah, full                ; not empty: access denied
        call21 3Ah, plain               ; a file: path not found
        call21 3Ah, baddrive
        call21 3Bh, fullslash           ; trailing backslash
        call cwd
        call21 3Bh, mixed               ; ..\full\..\FULL in any case
        call cwd
        call21 3Bh, root

        mov si, buf                     ; 47h on a drive that does not exist
        mov dl, 17
        mov ah, 47h
        int 21h
        call result
        mov dl, 17                      ; 36h on a drive that does not exist
        mov ah, 36h
        int 21h
        call hex16
        call newline
        mov dl, 0                       ; 36h on the current drive: 512-byte sectors
        mov ah, 36h
        int 21h
        mov ax, cx
        call hex16
        call newline

        mov ah, 2Fh                     ; the DTA starts at PSP:0080h
        int 21h
        mov ax, es
        mov cx, cs
        sub ax, cx
        call hex16
        call space
        mov ax, bx
        call hex16
        call newline
        mov dx, buf                     ; set it, get it back
        mov ah, 1Ah
        int 21h
        mov ah, 2Fh
        int 21h
        mov ax, bx
        sub ax, buf
        call hex16
        call newline
        exit 0

cwd:                                    ; print "[" current folder "]"
        mov si, buf
        mov dl, 0
        mov ah, 47h
        int 21h
        jc .bad
        mov dl, '['
        mov ah, 02h
        int 21h
        mov dx, buf
        call puts
        mov dl, ']'
        mov ah, 02h
        int 21h
        call newline
        ret
.bad:   call result
        ret

newdir:    db "NEWDIR", 0
deep:      db "NOPE\X", 0
baddrive:  db "Q:\X", 0
plain:     db "PLAIN.TXT", 0
nope:      db "NOPE", 0
inner:     db "inner", 0
dotdot:    db "..", 0
dotdotnew: db "..\NEWDIR", 0
root:      db "\", 0
full:      db "FULL", 0
fullslash: db "FULL\", 0
mixed:     db "..\full\..\FULL", 0
buf:       times 80 db 0
%include "lib.inc"
%include "dirs_util.asm"
