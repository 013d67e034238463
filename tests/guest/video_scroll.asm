; INT 10h 06h/07h: scroll windows up and down with a fill attribute; the program
; reads the B800 cells back itself. Prints "=" then the cells in hex on row 12.
        org 100h

%macro cell 2                   ; save the word of cell (row, column)
        mov ax, [es:((%1) * 80 + (%2)) * 2]
        call save
%endmacro

        mov ax, 0003h
        int 10h
        mov ax, 0B800h
        mov es, ax
        ; rows 0-9: row r is 80 times 'A'+r with attribute 07
        xor di, di
        mov al, 'A'
        mov ah, 07h
.row:   mov cx, 80
        rep stosw
        inc al
        cmp al, 'A' + 10
        jb .row

        mov ax, 0601h           ; up 1 line, rows 2-5, columns 10-19, attribute 1E
        mov bh, 1Eh
        mov cx, 020Ah
        mov dx, 0513h
        int 10h
        cell 2, 10              ; 0744 'D'
        cell 4, 19              ; 0746 'F'
        cell 5, 10              ; 1E20
        cell 5, 19              ; 1E20
        cell 5, 20              ; 0746 outside the window
        cell 2, 9               ; 0743 outside the window
        cell 6, 10              ; 0747 below the window

        mov ax, 0702h           ; down 2 lines, rows 0-3, columns 0-4, attribute 4F
        mov bh, 4Fh
        mov cx, 0000h
        mov dx, 0304h
        int 10h
        cell 0, 0               ; 4F20
        cell 1, 4               ; 4F20
        cell 2, 0               ; 0741 'A'
        cell 3, 4               ; 0742 'B'
        cell 4, 0               ; 0745 'E' below the window
        cell 0, 5               ; 0741 right of the window

        mov ax, 0600h           ; AL=0 blanks the whole window: rows 7-8
        mov bh, 70h
        mov cx, 0700h
        mov dx, 084Fh
        int 10h
        cell 7, 0               ; 7020
        cell 8, 79              ; 7020
        cell 9, 0               ; 074A 'J'
        cell 6, 79              ; 0747 'G'

        mov ax, 0705h           ; more lines than the window has: blanks it
        mov bh, 02h
        mov cx, 0900h
        mov dx, 094Fh
        int 10h
        cell 9, 0               ; 0220
        cell 9, 79              ; 0220

        mov ah, 03h             ; scrolling leaves the cursor alone
        mov bh, 0
        int 10h
        mov ax, dx
        call save               ; 0000

        mov ah, 02h
        mov bh, 0
        mov dx, 0C00h
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

eq      db "=$"
nsaved  dw 0
saved   times 32 dw 0

%include "lib.inc"
