; Sieve of Eratosthenes (the classic 8190-flag BYTE benchmark), repeated ITERS times.
; Build: nasm -f bin -DITERS=n [-DWARMUP=n] sieve.asm -o SIEVE.COM
; Prints "primes=NNNNN" (1899 for the 8190-flag sieve) and exits with code 0.
; The word at offset 103h holds the address of `done` (for instruction counting),
; the word at 105h the address of `outer` (the top of one iteration).

%ifndef ITERS
%define ITERS 1
%endif
SIZE    equ 8190

        org 100h
        jmp short start
        nop
        dw done
        dw outer

start:
%ifdef WARMUP
        ; A fixed busy loop before the measured part (the same for every run length),
        ; for emulators that tune their speed during the first second or so.
        mov ecx, WARMUP
warm:   dec ecx
        jnz warm
%endif
        mov ebp, ITERS
outer:
        ; Set every flag to 1 (an explicit loop: REP counts differ between CPU cores).
        mov di, flags
        mov cx, (SIZE + 2) / 2
        mov ax, 0101h
.fill:  mov [di], ax
        add di, 2
        dec cx
        jnz .fill

        xor bx, bx              ; i
        xor dx, dx              ; prime count
.scan:  cmp byte [flags + bx], 0
        je .next
        mov ax, bx
        add ax, ax
        add ax, 3               ; prime = i + i + 3
        mov si, bx
        add si, ax              ; k = i + prime
.mark:  cmp si, SIZE
        ja .marked
        mov byte [flags + si], 0
        add si, ax
        jmp short .mark
.marked:
        inc dx
.next:  inc bx
        cmp bx, SIZE
        jbe .scan
        dec ebp
        jnz outer

done:
        mov [count], dx
        mov dx, label
        mov ah, 09h
        int 21h
        mov ax, [count]
        call decimal
        mov dx, crlf
        mov ah, 09h
        int 21h
        mov ax, 4C00h
        int 21h

; Print AX in decimal.
decimal:
        mov bx, 10
        xor cx, cx
.div:   xor dx, dx
        div bx
        push dx
        inc cx
        test ax, ax
        jnz .div
.put:   pop dx
        add dl, '0'
        mov ah, 02h
        int 21h
        loop .put
        ret

label   db "primes=$"
crlf    db 13, 10, "$"
count   dw 0

; The flags live past the end of the file, far enough from the code that writing
; them never touches a 4 KiB page that holds translated code.
flags   equ 2000h
%if $ - $$ + 100h > flags - 1000h
%error code too close to the flags
%endif
