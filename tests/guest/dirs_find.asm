; Find first / find next (4Eh/4Fh): patterns, attributes, errors, the DTA's contents.
; Expects SUB with A.TXT (3 bytes), B.DAT (10), NOEXT (1), C.TXT (5), DIRX\ (empty),
; made by the test. Each search prints its entries ("attr size name", the size
; only for files) and then the error code that ended it.
        org 100h
%include "macros.inc"
%macro find 2                           ; spec, attribute
        mov dx, %1
        mov cx, %2
        call listing
%endmacro
start:
        find all, 0                     ; files only
        find all, 10h                   ; with folders, . and ..
        find star, 10h                  ; names without an extension
        find qtxt, 0
        find tqt, 0
        find noext, 0
        find noextstar, 0
        find stardot, 0
        find bd, 0
        find dirx, 0                    ; a folder, not asked for: none
        find dirx, 10h
        find atxt, 0
        find nomatch, 16h
        find nopath, 16h
        find baddrive, 16h
        find root, 16h                  ; the root folder itself
        find subdot, 10h                ; SUB\. is SUB
        find lower, 0                   ; names match in any case
        find hidden, 06h

        ; Two searches at once, each in its own DTA.
        mov dx, dta1
        mov ah, 1Ah
        int 21h
        mov dx, qtxt
        xor cx, cx
        mov ah, 4Eh
        int 21h
        mov dx, dta2
        mov ah, 1Ah
        int 21h
        mov dx, bd
        xor cx, cx
        mov ah, 4Eh
        int 21h
        mov dx, dta1
        mov ah, 1Ah
        int 21h
        mov ah, 4Fh                     ; goes on with the first search: C.TXT
        int 21h
        call result
        mov dx, dta1 + 1Eh
        call puts
        call newline
        mov dx, dta2 + 1Eh
        call puts
        call newline

        ; The state is in the DTA: a copy goes on from where the copy was taken.
        mov dx, dta1
        mov ah, 1Ah
        int 21h
        mov dx, all
        xor cx, cx
        mov ah, 4Eh
        int 21h
        mov si, dta1
        mov di, dta2
        mov cx, 43
        rep movsb
        mov ah, 4Fh
        int 21h
        mov ah, 4Fh
        int 21h
        mov dx, dta1 + 1Eh
        call puts
        call newline
        mov dx, dta2
        mov ah, 1Ah
        int 21h
        mov ah, 4Fh
        int 21h
        mov dx, dta2 + 1Eh
        call puts
        call newline

        ; Deleting what was found does not make find next skip anything.
        mov dx, 80h
        mov ah, 1Ah
        int 21h
        mov dx, txts
        xor cx, cx
        mov ah, 4Eh
        int 21h
.del:   jc .deldone
        mov si, 80h + 1Eh
        mov di, path + 4
        mov cx, 13
        rep movsb
        mov dx, path
        mov ah, 41h
        int 21h
        mov dx, path
        call puts
        call newline
        mov ah, 4Fh
        int 21h
        jmp .del
.deldone:
        call hex16
        call newline
        find txts, 0
        exit 0

listing:                                ; DX spec, CX attribute
        mov ah, 4Eh
        int 21h
.next:  jc .done
        mov al, [80h + 15h]
        call hexal
        call space
        test byte [80h + 15h], 10h
        jnz .name
        mov ax, [80h + 1Ah]
        call hex16
        call space
.name:  mov dx, 80h + 1Eh
        call puts
        call newline
        mov ah, 4Fh
        int 21h
        jmp .next
.done:  call hex16
        call newline
        ret

all:       db "SUB\*.*", 0
star:      db "SUB\*", 0
qtxt:      db "SUB\?.TXT", 0
tqt:       db "SUB\*.T?T", 0
noext:     db "SUB\NOEXT", 0
noextstar: db "SUB\NOEXT.*", 0
stardot:   db "SUB\*.", 0
bd:        db "SUB\B*.D*", 0
dirx:      db "SUB\DIRX", 0
atxt:      db "SUB\A.TXT", 0
nomatch:   db "SUB\NOMATCH.*", 0
nopath:    db "NOPE\*.*", 0
baddrive:  db "Q:\*.*", 0
root:      db "C:\", 0
subdot:    db "SUB\.", 0
lower:     db "sub\c.txt", 0
hidden:    db "SUB\*.*", 0
txts:      db "SUB\*.TXT", 0
path:      db "SUB\"
           times 13 db 0
dta1:      times 64 db 0
dta2:      times 64 db 0
%include "lib.inc"
%include "dirs_util.asm"
