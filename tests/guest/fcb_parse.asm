; INT 21h/29h: parse a file name into an FCB. For each case prints the status (AL),
; how far SI moved, the drive byte and the 11 name bytes.
        org 100h
%include "macros.inc"
%macro parse 2                          ; string, flags
        mov si, %1
        mov al, %2
        call doparse
%endmacro
start:
        parse s1, 0
        parse s2, 1
        parse s2, 0
        parse s3, 1
        parse s3, 0
        parse s4, 0
        parse s5, 0
        parse s6, 0
        parse s7, 0
        parse s8, 0
        parse s9, 0
        parse s10, 0
        parse s11, 0
        parse s12, 0
        parse s13, 0
        parse s14, 0
        parse s15, 0
        parse s16, 1
        parse s17, 0
        mov byte [fcb], 3               ; fields kept when the string has none
        mov si, old
        mov di, fcb + 1
        mov cx, 11
        rep movsb
        parse s18, 0Eh
        mov si, old
        mov di, fcb + 1
        mov cx, 11
        rep movsb
        parse s19, 0Eh
        parse s19, 0
        parse s20, 2
        exit 0

doparse:                                ; SI string, AL flags
        push si
        push ds
        pop es
        mov di, fcb
        mov ah, 29h
        int 21h
        call hexal
        call space
        mov ax, si
        pop si
        sub ax, si
        call hexal
        call space
        mov al, [fcb]
        call hexal
        mov dl, '['
        mov ah, 02h
        int 21h
        mov si, fcb + 1
        mov cx, 11
.c:     lodsb
        mov dl, al
        mov ah, 02h
        int 21h
        loop .c
        mov dl, ']'
        mov ah, 02h
        int 21h
        call newline
        ret

s1:  db "FOO.TXT", 0
s2:  db "  FOO.TXT", 0
s3:  db ",FOO.TXT", 0
s4:  db "C:BAR.C", 0
s5:  db "Q:X.Y", 0
s6:  db "*.*", 0
s7:  db "AB*CD.E*", 0
s8:  db "LONGFILENAME.EXTENSION", 0
s9:  db "FOO.TXT BAR", 0
s10: db "A.B.C", 0
s11: db "FOO<BAR", 0
s12: db "?", 0
s13: db "FOO.", 0
s14: db ".EXT", 0
s15: db "c:", 0
s16: db " ;  file.c", 0
s17: db "foo+bar", 0
s18: db "", 0
s19: db "C:", 0
s20: db "X.Y", 0
old: db "OLDNAME OLD"
fcb: times 37 db 0
%include "lib.inc"
%include "dirs_util.asm"
