; Writes its command tail as [tail] to standard output (handle 1) and exits
; with the decimal number that starts the tail (0 when there is none): a
; program for ERRORLEVEL and redirection tests.
        org 100h
        mov di, line + 1            ; line = "[" tail "]" CR LF
        mov si, 81h
        mov cl, [80h]
        xor ch, ch
        rep movsb
        mov al, ']'
        stosb
        mov ax, 0A0Dh
        stosw
        mov cx, di
        sub cx, line
        mov dx, line
        mov bx, 1
        mov ah, 40h
        int 21h
        mov si, 81h
        xor bx, bx                  ; the number
.blank: lodsb
        cmp al, ' '
        je .blank
.digit: sub al, '0'
        cmp al, 9
        ja .done
        xor ah, ah
        imul bx, bx, 10
        add bx, ax
        lodsb
        jmp .digit
.done:  mov al, bl
        mov ah, 4Ch
        int 21h
line    db '['
