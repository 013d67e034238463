; INT 10h/1Ch: in mode 03h with DAC colour 1 set to (10, 20, 30) and the cursor
; at row 5 column 7, asks the buffer size and saves all three parts; sets mode
; 13h and another colour 1; restores. Exit 0 when the mode, the cursor and the
; colour came back; otherwise the number of the check that failed.
%include "macros.inc"
        org 100h
        mov ax, 0003h
        int 10h
        mov ax, 1010h           ; DAC colour 1 = (10, 20, 30)
        mov bx, 1
        mov dh, 10
        mov ch, 20
        mov cl, 30
        int 10h
        mov ah, 02h
        xor bh, bh
        mov dx, 0507h
        int 10h
        mov ax, 1C00h           ; the size of all three parts
        mov cx, 7
        int 10h
        cmp al, 1Ch
        jne fail1
        cmp bx, 0
        je fail1
        cmp bx, buf_blocks
        ja fail1
        mov ax, 1C01h           ; save
        mov cx, 7
        mov bx, buffer
        int 10h
        cmp al, 1Ch
        jne fail2
        mov ax, 0013h           ; change all of it
        int 10h
        mov ax, 1010h
        mov bx, 1
        xor dx, dx
        xor cx, cx
        int 10h
        mov ax, 1C02h           ; restore
        mov cx, 7
        mov bx, buffer
        int 10h
        cmp al, 1Ch
        jne fail2
        mov ah, 0Fh
        int 10h
        cmp al, 03h
        jne fail3
        mov ah, 03h
        xor bh, bh
        int 10h
        cmp dx, 0507h
        jne fail4
        mov ax, 1015h
        mov bx, 1
        int 10h
        cmp dh, 10
        jne fail5
        cmp cx, (20 << 8) | 30
        jne fail5
        mov ah, 0Eh             ; the text mode draws again
        mov al, 'R'
        int 10h
        exit 0
fail1:  exit 1
fail2:  exit 2
fail3:  exit 3
fail4:  exit 4
fail5:  exit 5

buf_blocks equ 32
buffer  times buf_blocks * 64 db 0
