; One of two sessions running at once (the letter is the first character of the
; command tail): allocate 64 KiB, lock it (the same address in each session: each
; has its own memory), fill 1 KiB with the letter, wait 0.3 s while the other
; session does the same, read it back and check every byte; the other session's
; second handle does not exist here (A2h); free memory counts only this session.
%include "macros.inc"
        cpu 386
        org 100h

start:
        mov sp, stack_top
        call xms_find
        jnc .found
        exit 1
.found:
        mov al, [82h]
        mov [letter], al
        mov dx, 64
        mov ah, 09h
        call xms_call
        call show
        mov [handle], dx
        mov dx, [handle]
        mov ah, 0Ch
        call xms_call
        mov ax, dx
        call hex16
        call space
        mov ax, bx
        call hex16
        call newline
        mov dx, [handle]
        mov ah, 0Dh
        call xms_call

        mov al, [letter]
        mov di, buffer
        mov cx, 1024
        push cs
        pop es
        rep stosb
        mov word [mv_sh], 0
        mov word [mv_so], buffer
        mov [mv_so + 2], cs
        mov ax, [handle]
        mov [mv_dh], ax
        mov dword [mv_do], 0
        mov si, mv_len
        mov ah, 0Bh
        call xms_call
        call show

        mov cx, 0004h                        ; wait 300,000 us
        mov dx, 93E0h
        mov ah, 86h
        int 15h

        mov ax, [handle]
        mov [mv_sh], ax
        mov dword [mv_so], 0
        mov word [mv_dh], 0
        mov word [mv_do], buffer2
        mov [mv_do + 2], cs
        mov si, mv_len
        mov ah, 0Bh
        call xms_call
        call show
        mov al, [letter]
        mov di, buffer2
        mov cx, 1024
        repe scasb
        jne .mixed
        print s_intact
        jmp .next
.mixed: print s_mixed
.next:  mov dx, [handle]
        inc dx
        mov ah, 0Eh
        call xms_call
        call show                            ; 0000 A2
        mov ah, 08h
        call xms_call
        call hex16
        call space
        mov ax, dx
        call hex16
        call newline                         ; 07C0 07C0
        exit 0

s_intact: db "intact", 13, 10, "$"
s_mixed:  db "mixed", 13, 10, "$"
letter:   db 0
handle:   dw 0
mv_len:   dd 1024
mv_sh:    dw 0
mv_so:    dd 0
mv_dh:    dw 0
mv_do:    dd 0
buffer:   times 1024 db 0
buffer2:  times 1024 db 0

%include "xms_lib.inc"
        times 256 db 0
stack_top:
