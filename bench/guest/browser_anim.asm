; A full-screen mode 13h animation for bench/browser.py: every frame redraws all
; 64,000 pixels as diagonal stripes moved by one pixel, then waits for the
; vertical retrace (port 3DAh bit 3); a key ends it.
        org 100h
        mov ax, 0013h
        int 10h
        mov ax, 0A000h
        mov es, ax
        xor bl, bl                      ; frame number
frame:  xor di, di
        mov dx, 200
.row:   mov al, dl
        add al, bl
        mov cx, 320
.pix:   stosb
        inc al
        loop .pix
        dec dx
        jnz .row
        inc bl
        mov dx, 3DAh
        mov cx, 0FFFFh                  ; bounded waits: a card without retrace does not hang it
.out:   in al, dx
        test al, 8
        jz .in
        loop .out
.in:    mov cx, 0FFFFh
.wait:  in al, dx
        test al, 8
        jnz .key
        loop .wait
.key:   mov ah, 01h
        int 16h
        jz frame
        xor ah, ah
        int 16h
        mov ax, 0003h
        int 10h
        mov ax, 4C00h
        int 21h
