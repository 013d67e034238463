; Restarts: prints "=" and the word at 0000:04F8, then stores 1234h there (so a
; second run in the same memory prints 1234). With an argument it then restarts
; the machine: J jmp FFFF:0000, F jmp F000:FFF0, I INT 19h, K the 8042's pulse
; (FEh to port 64h), P port 92h bit 0; W waits for keys (Ctrl+Alt+Del from the
; host) with INT 16h/00h until "q".
%include "macros.inc"
        org 100h
        print eq
        xor ax, ax
        mov es, ax
        mov ax, [es:4F8h]
        call hex16
        mov word [es:4F8h], 1234h
        mov si, 81h
.skip:  lodsb
        cmp al, ' '
        je .skip
        cmp al, 'J'
        je .jmp_ffff
        cmp al, 'F'
        je .jmp_f000
        cmp al, 'I'
        je .int19
        cmp al, 'K'
        je .kbc
        cmp al, 'P'
        je .port92
        cmp al, 'W'
        je .wait
        exit 0
.jmp_ffff:
        jmp 0FFFFh:0000h
.jmp_f000:
        jmp 0F000h:0FFF0h
.int19: int 19h
        exit 1
.kbc:   mov al, 0FEh
        out 64h, al
        jmp $                   ; the reset comes at once
.port92:
        in al, 92h
        or al, 01h
        out 92h, al
        jmp $
.wait:  mov ah, 00h
        int 16h
        cmp al, 'q'
        jne .wait
        exit 3

eq      db "=$"

%include "lib.inc"
