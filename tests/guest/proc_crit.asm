; Critical errors: calls function E0h, which the test makes report "drive C:
; not ready" through the kernel's critical_error. First with DOS's default
; handler (fail), then with an INT 24h handler that answers retry, ignore,
; fail and abort in turn and shows what it was given. Prints AX after each call.
%include "macros.inc"
        org 100h
start:
        call try                             ; default handler: fail
        mov dx, handler
        mov ax, 2524h
        int 21h
        call try                             ; retry
        call try                             ; ignore
        call try                             ; fail
        call try                             ; abort: the program ends here
        print s_after
        exit 9

try:    mov ah, 0E0h
        mov bx, 1234h
        mov si, 5678h
        int 21h
after_int:
        print s_result
        call hex16
        call newline
        ret

handler:
        sti
        push bp
        mov bp, sp
        push ax
        push bx
        push dx
        push ds
        push es
        push cs
        pop ds
        print s_h
        mov ax, [bp - 2]                     ; AH: allowed answers, area, write; AL: drive
        call hex16
        call space
        mov ax, di                           ; the error code
        call hex16
        call space
        mov ax, [bp + 2 + 6 + 2]             ; the caller's BX, saved on the stack
        call hex16
        call space
        mov ax, [bp + 2 + 6 + 18]            ; the caller's return address
        cmp ax, after_int
        jne .frame_bad
        print s_frame
.frame_bad:
        mov ah, 34h                          ; the critical-error flag is set
        int 21h
        mov al, [es:bx - 1]
        xor ah, ah
        call hex16
        call newline
        inc byte [count]
        mov bl, [count]
        xor bh, bh
        mov al, [answers + bx - 1]
        pop es
        pop ds
        pop dx
        pop bx
        add sp, 2
        pop bp
        iret

count   db 0
answers db 1, 0, 3, 2
s_h     db "int24:$"
s_frame db "frame:ok $"
s_result db "ax:$"
s_after db "still running", 13, 10, "$"
%include "lib.inc"
