; MOVES XMS moves of 1 MiB each (XMS function 0Bh through the driver entry).
; Build: nasm -f bin -DMOVES=n [-DCONV] [-DWARMUP=n] xms.asm -o XMS.COM
; The program finds the XMS driver (INT 2Fh/4300h, 4310h), allocates two EMBs
; of 1024 KiB and moves the first into the second MOVES times; with CONV defined
; the source is conventional memory instead (the first MiB, from 0000:0000).
; Before the loop it checks that a move really copies (a stamp written into
; conventional memory must arrive in the EMB and come back), and gives the
; sources real contents: a pattern in the conventional memory above the program,
; and that first MiB copied into the first EMB. Prints "moves done"
; and exits with code 0; any XMS error prints "FAILED" and the error code (BL)
; and exits with code 1.

%ifndef MOVES
%define MOVES 1
%endif

        cpu 386
        org 100h
%ifdef WARMUP
        ; A fixed busy loop before the measured part (the same for every run length),
        ; for emulators that tune their speed during the first second or so.
        mov ecx, WARMUP
warm:   dec ecx
        jnz warm
%endif
        mov ax, 4300h
        int 2Fh
        cmp al, 80h
        jne no_xms
        mov ax, 4310h
        int 2Fh
        mov [xms], bx
        mov [xms + 2], es
        push cs
        pop es

        mov ah, 09h                     ; two EMBs of 1 MiB
        mov dx, 1024
        call far [xms]
        test ax, ax
        jz failed
        mov [h1], dx
        mov ah, 09h
        mov dx, 1024
        call far [xms]
        test ax, ax
        jz failed
        mov [h2], dx

        ; A round trip of a stamp: conventional -> h1 -> h2 -> conventional.
        mov word [mv_sh], 0
        mov word [mv_so], stamp
        mov [mv_so + 2], cs
        mov ax, [h1]
        mov [mv_dh], ax
        mov dword [mv_do], 0
        call move
        mov ax, [h1]
        mov [mv_sh], ax
        mov dword [mv_so], 0
        mov ax, [h2]
        mov [mv_dh], ax
        call move
        mov ax, [h2]
        mov [mv_sh], ax
        mov word [mv_dh], 0
        mov word [mv_do], back
        mov [mv_do + 2], cs
        call move
        mov si, stamp
        mov di, back
        mov cx, 16
        repe cmpsb
        jne failed

        mov ax, cs                      ; a pattern in the free conventional memory
        add ax, 1000h
.fill:  cmp ax, 9000h
        ja .filled
        mov es, ax
        xor di, di
        mov cx, 4000h                   ; 64 KiB
        movzx eax, ax
        imul eax, eax, 9E3779B1h
        rep stosd
        mov ax, es
        add ax, 1000h
        jmp .fill
.filled:
        push cs
        pop es
        mov dword [mv_len], 100000h     ; the first MiB into h1
        mov word [mv_sh], 0
        mov dword [mv_so], 0
        mov ax, [h1]
        mov [mv_dh], ax
        mov dword [mv_do], 0
        call move

        ; now the measured moves of 1 MiB
%ifdef CONV
        mov word [mv_sh], 0
        mov dword [mv_so], 0            ; 0000:0000
%else
        mov ax, [h1]
        mov [mv_sh], ax
        mov dword [mv_so], 0
%endif
        mov ax, [h2]
        mov [mv_dh], ax
        mov dword [mv_do], 0
        mov ebp, MOVES
.loop:  call move
        dec ebp
        jnz .loop

        mov dx, message
        mov ah, 09h
        int 21h
        mov ax, 4C00h
        int 21h

move:   mov si, mv_len
        mov ah, 0Bh
        call far [xms]
        test ax, ax
        jz failed
        ret

no_xms: mov bl, 0FFh
failed: mov dx, s_failed
        mov ah, 09h
        int 21h
        mov al, bl
        shr al, 4
        call digit
        mov al, bl
        and al, 0Fh
        call digit
        mov ax, 4C01h
        int 21h

digit:  add al, '0'
        cmp al, '9'
        jbe .out
        add al, 7
.out:   mov dl, al
        mov ah, 02h
        int 21h
        ret

message  db "moves done", 13, 10, "$"
s_failed db "FAILED $"
stamp    db "XMS move stamp!!"
back     times 16 db 0
xms      dd 0
h1       dw 0
h2       dw 0
mv_len   dd 16
mv_sh    dw 0
mv_so    dd 0
mv_dh    dw 0
mv_do    dd 0
