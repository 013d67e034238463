; Hooks INT 09h to log every byte it reads from port 60h, then chains to the
; BIOS. Reads keys with INT 16h/10h until the Q key. Prints "=" and the keys, "/" and
; the logged scan codes, "/" and the shift bytes 0040:0017-0018 and the LEDs at 0040:0097.
        org 100h
        mov ax, 3509h
        int 21h
        mov [old9], bx
        mov [old9+2], es
        push ds
        pop es
        mov dx, hook
        mov ax, 2509h
        int 21h
        mov di, keys
.key:   mov ah, 10h
        int 16h
        stosw
        cmp ah, 10h             ; the Q key, in any case
        jne .key
        push ds
        lds dx, [old9]
        mov ax, 2509h
        int 21h
        pop ds
        mov dx, eq
        mov ah, 09h
        int 21h
        mov si, keys
.pk:    cmp si, di
        jae .codes
        lodsw
        call hex16
        call space
        jmp .pk
.codes: mov dl, '/'
        mov ah, 02h
        int 21h
        mov si, log
.pc:    cmp si, [logp]
        jae .shift
        lodsb
        xor ah, ah
        call hex16
        call space
        jmp .pc
.shift: mov dl, '/'
        mov ah, 02h
        int 21h
        push es
        mov ax, 40h
        mov es, ax
        mov ax, [es:17h]
        call hex16
        call space
        mov al, [es:97h]
        xor ah, ah
        call hex16
        pop es
        mov ax, 4C00h
        int 21h

hook:   push ax
        push bx
        in al, 60h
        mov bx, [cs:logp]
        cmp bx, logend
        jae .full
        mov [cs:bx], al
        inc word [cs:logp]
.full:  pop bx
        pop ax
        jmp far [cs:old9]

eq      db "=$"
old9    dd 0
logp    dw log
log     times 128 db 0
logend:
keys    times 64 dw 0

%include "lib.inc"
