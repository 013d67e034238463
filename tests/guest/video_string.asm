; INT 10h 13h write string: AL bit 0 moves the cursor, bit 1 means the string
; holds character/attribute pairs. Prints "=" and words on row 14.
        org 100h

%macro wstr 6                   ; mode, attribute, length, row, column, string
        mov ax, 1300h | (%1)
        mov bx, %2
        mov cx, %3
        mov dx, ((%4) << 8) | (%5)
        mov bp, %6
        int 10h
%endmacro

%macro getcur 0
        mov ah, 03h
        mov bh, 0
        int 10h
        mov ax, dx
        call save
%endmacro

%macro cell 2
        push es
        mov ax, 0B800h
        mov es, ax
        mov ax, [es:((%1) * 80 + (%2)) * 2]
        pop es
        call save
%endmacro

        mov ax, 0003h
        int 10h
        push cs
        pop es

        wstr 0, 001Ah, 5, 2, 3, s_hello  ; attribute in BL, cursor stays
        getcur                  ; 0000
        cell 2, 3               ; 1A48 'H'
        cell 2, 7               ; 1A6F 'o'

        wstr 1, 002Bh, 3, 4, 0, s_abc    ; attribute in BL, cursor moves
        getcur                  ; 0403
        cell 4, 2               ; 2B63 'c'

        wstr 2, 0, 2, 6, 10, s_pairs2    ; pairs, cursor stays
        getcur                  ; 0403
        cell 6, 10              ; 4E58
        cell 6, 11              ; 5F59

        wstr 3, 0, 3, 8, 0, s_pairs3     ; pairs, cursor moves
        getcur                  ; 0803
        cell 8, 2               ; 3352

        wstr 1, 0007h, 4, 10, 0, s_lines ; CR LF inside the string
        getcur                  ; 0B01

        mov ah, 02h
        mov bh, 0
        mov dx, 0E00h
        int 10h
        mov dx, eq
        mov ah, 09h
        int 21h
        mov si, saved
        mov cx, [nsaved]
        shr cx, 1
.out:   lodsw
        call hex16
        call space
        loop .out
        mov ax, 4C00h | 0
        int 21h

save:   mov di, [nsaved]
        mov [saved + di], ax
        add word [nsaved], 2
        ret

s_hello  db "Hello"
s_abc    db "abc"
s_pairs2 db "X", 4Eh, "Y", 5Fh
s_pairs3 db "P", 31h, "Q", 32h, "R", 33h
s_lines  db "1", 13, 10, "2"
eq       db "=$"
nsaved   dw 0
saved    times 16 dw 0

%include "lib.inc"
