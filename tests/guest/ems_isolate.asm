; Run in several sessions at once with a different letter each: allocates 8
; pages, fills them with the letter (and the page number), then maps and checks
; them over and over. Prints "ok" and the letter when every byte read back was
; its own, with the number of handles and names this session sees.
%include "ems_macros.inc"
        org 100h
start:
        mov al, [81h + 1]               ; the letter after the space in the tail
        mov [letter], al
        mov bx, 8
        mov ah, 43h
        int 67h
        or ah, ah
        jnz fail
        mov [h], dx
        mov si, name
        mov ax, 5301h
        int 67h
        mov ax, 0D000h
        mov es, ax
        xor bx, bx                      ; fill
.fill:  call map
        xor di, di
        mov al, [letter]
        mov ah, bl
        mov cx, 2000h
        rep stosw
        inc bx
        cmp bx, 8
        jb .fill
        mov bp, 300                     ; check, many times over
.round: xor bx, bx
.check: call map
        xor di, di
        mov al, [letter]
        mov ah, bl
        mov cx, 2000h
        repe scasw
        jne fail
        inc bx
        cmp bx, 8
        jb .check
        dec bp
        jnz .round
        mov dx, s_ok
        call text
        mov dl, [letter]
        mov ah, 02h
        int 21h
        mov ah, 4Bh
        int 67h
        show bx
        push ds
        pop es
        mov di, buffer
        mov ax, 5400h
        int 67h
        call space
        call hex8
        mov si, name
        mov ax, 5401h
        int 67h
        call space
        call status_q
        call eol
        mov dx, [h]
        mov ah, 45h
        int 67h
        exit 0
fail:   mov dx, s_fail
        call text
        exit 1

map:    push ax
        push dx
        mov ax, 4400h
        mov dx, [h]
        int 67h
        pop dx
        pop ax
        ret

h       dw 0
letter  db 0
name    db "SHARED  "
s_ok    db "ok $"
s_fail  db "FAILED", 13, 10, "$"
buffer  times 2560 db 0
%include "ems_lib.inc"
