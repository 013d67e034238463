; Reference screen: VGA mode 13h, 320x200 in 256 colours: the default palette as
; 16x16 blocks of 20x12 pixels (colour = block row * 16 + block column), eight
; lines of x XOR y below, DAC entries F8h-FFh set to odd 6-bit values through the
; ports, and INT 10h/0Ch pixels along the blocks' diagonal.
%include "screen_lib.inc"
main:   set_mode 13h
        mov ax, 0A000h
        mov es, ax
        xor di, di
        xor dx, dx                      ; y
.line:  xor cx, cx                      ; x
.dot:   cmp dx, 192
        jae .xor
        mov ax, dx                      ; (y / 12) * 16 + x / 20
        mov bl, 12
        div bl
        mov bh, al
        shl bh, 4
        mov ax, cx
        mov bl, 20
        div bl
        add al, bh
        jmp .put
.xor:   mov al, cl
        xor al, dl
.put:   stosb
        inc cx
        cmp cx, 320
        jb .dot
        inc dx
        cmp dx, 200
        jb .line

        dac 0F8h, 1, 2, 3
        dac 0F9h, 62, 31, 0
        dac 0FAh, 33, 17, 9
        dac 0FBh, 5, 60, 44
        dac 0FCh, 63, 63, 63
        dac 0FDh, 21, 42, 63
        dac 0FEh, 0, 1, 0
        dac 0FFh, 40, 0, 59

        xor si, si                      ; pixels (i * 5 / 3, i) in colour i
.diag:  mov ax, si
        imul ax, ax, 5
        xor dx, dx
        mov bx, 3
        div bx
        mov cx, ax
        mov ax, si
        mov ah, 0Ch
        xor bh, bh
        mov dx, si
        int 10h
        inc si
        cmp si, 192
        jb .diag
%ifdef PELMASK
        mov dx, 3C6h
        mov al, PELMASK
        out dx, al
%endif
        jmp finish
