; Writes "PAINTED" in yellow on red at row 2 straight into B800, puts the
; cursor at row 5 column 10 and waits for a key. "g" switches to mode 13h, fills
; the screen with colour 4 and waits again; any other key ends the program.
        org 100h
        mov ax, 0B800h
        mov es, ax
        mov di, (2 * 80) * 2
        mov si, msg
        mov ah, 4Eh
.put:   lodsb
        test al, al
        jz .done
        stosw
        jmp .put
.done:  mov ah, 02h
        mov bh, 0
        mov dx, 050Ah
        int 10h
        mov ah, 00h
        int 16h
        cmp al, 'g'
        jne .exit
        mov ax, 0013h
        int 10h
        mov ax, 0A000h
        mov es, ax
        xor di, di
        mov cx, 32000
        mov ax, 0404h
        rep stosw
        mov ah, 00h
        int 16h
        mov ax, 0003h
        int 10h
.exit:  mov ax, 4C00h
        int 21h

msg     db "PAINTED", 0
