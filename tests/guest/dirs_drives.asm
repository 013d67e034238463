; Several drives: C: (with FULL\), D:, and R: read-only (with EXIST\).
; The current drive, a current folder per drive, and writes refused on R:.
        org 100h
%include "macros.inc"
%macro call21 2                         ; AH, DX: call and print the result
        mov dx, %2
        mov ah, %1
        int 21h
        call result
%endmacro
start:
        mov dl, 3                       ; select D:
        mov ah, 0Eh
        int 21h
        call curdrive
        call21 39h, subd                ; made on D:
        call21 3Bh, cfull               ; C:'s current folder, D: stays current
        call curdrive
        mov dl, 3
        call cwd
        mov dl, 4
        call cwd
        call21 3Ah, cfull               ; C:\FULL is C:'s current folder
        call21 3Bh, dsubd
        mov dl, 0
        call cwd
        call21 39h, rnew                ; read-only drive
        call21 3Ah, rexist
        call21 3Bh, rexist
        mov dl, 18
        call cwd
        mov dl, 18                      ; 36h works on it
        mov ah, 36h
        int 21h
        call hex16
        call newline
        mov dl, 2
        mov ah, 0Eh
        int 21h
        call curdrive
        exit 0

curdrive:
        mov ah, 19h
        int 21h
        call hexal
        call newline
        ret

cwd:                                    ; DL drive number: print "[" folder "]"
        mov si, buf
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

subd:   db "SUBD", 0
cfull:  db "C:\FULL", 0
dsubd:  db "D:SUBD", 0
rnew:   db "R:\NEW", 0
rexist: db "R:\EXIST", 0
buf:    times 80 db 0
%include "lib.inc"
%include "dirs_util.asm"
