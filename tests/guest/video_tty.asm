; INT 10h teletype (0Eh): CR, LF, BS, line wrap and scrolling at the bottom line;
; set/get cursor (02h/03h) kept in step with the BIOS data area at 0040:0050.
; Prints "=" then the saved words in hex, on row 14 of the final screen.
        org 100h

%macro save 1
        mov ax, %1
        mov di, [nsaved]
        mov [saved + di], ax
        add word [nsaved], 2
%endmacro

%macro setcur 2
        mov ah, 02h
        mov bh, 0
        mov dh, %1
        mov dl, %2
        int 10h
%endmacro

%macro getcur 0
        mov ah, 03h
        mov bh, 0
        int 10h
%endmacro

        mov ax, 0003h
        int 10h                 ; mode 3: clear screen, cursor at 0,0
        mov ax, 40h
        mov es, ax

        mov si, s_top           ; rows 0 and 1
        call tty
        mov si, s_ctl           ; row 2 "CB", row 3 " E"
        call tty
        getcur
        save dx                 ; 0302
        save word [es:50h]      ; 0302: BDA column, row

        setcur 4, 0
        mov al, 8               ; BS at column 0 stays there
        call tty1
        getcur
        save dx                 ; 0400

        setcur 10, 20
        save word [es:50h]      ; 0A14

        mov word [es:50h], 0B05h ; move the cursor through the BDA: row 11, column 5
        getcur
        save dx                 ; 0B05
        mov al, 'Z'
        call tty1               ; drawn at row 11 column 5

        setcur 12, 78
        mov si, s_wrap          ; W at 78, X at 79, Y wraps to row 13
        call tty
        getcur
        save dx                 ; 0D01

        setcur 24, 0
        mov si, s_bottom        ; the LF on the bottom line scrolls the screen up
        call tty
        getcur
        save dx                 ; 1804
        save word [es:50h]      ; 1804

        setcur 14, 0
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

; Teletype the zero-terminated string at SI.
tty:    lodsb
        test al, al
        jz .done
        call tty1
        jmp tty
.done:  ret

tty1:   mov ah, 0Eh
        mov bx, 0007h
        int 10h
        ret

s_top   db "TOP0", 13, 10, "TOP1", 13, 10, 0
s_ctl   db "AB", 13, "C", 10, "D", 8, "E", 0
s_wrap  db "WXY", 0
s_bottom db "BOTTOM", 13, 10, "LAST", 0
eq      db "=$"
nsaved  dw 0
saved   times 16 dw 0

%include "lib.inc"
