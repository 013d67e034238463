; Routines shared by the dirs_ and fcb_ guest programs: %include this after lib.inc.
; puts prints the ASCIIZ string at DS:DX; result prints "+" (CF clear) or "-" (CF set),
; then AX in hex and a new line; hexal prints AL as two hex digits. All keep registers
; (result keeps the flags too).

puts:
        push ax
        push dx
        push si
        mov si, dx
.next:  lodsb
        or al, al
        jz .done
        mov dl, al
        mov ah, 02h
        int 21h
        jmp .next
.done:  pop si
        pop dx
        pop ax
        ret

result:
        pushf
        push ax
        push dx
        mov dl, '+'
        jnc .sign
        mov dl, '-'
.sign:  mov ah, 02h
        int 21h
        pop dx
        pop ax
        call hex16
        call newline
        popf
        ret

hexal:
        push ax
        push cx
        mov cl, 4
        mov ah, al
        shr al, cl
        call .digit
        mov al, ah
        and al, 0Fh
        call .digit
        pop cx
        pop ax
        ret
.digit: push ax
        push dx
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 7
.out:   mov dl, al
        mov ah, 02h
        int 21h
        pop dx
        pop ax
        ret
