; A loop of CALLS EMS page-mapping calls (INT 67h, AH=44h).
; Build: nasm -f bin -DCALLS=n [-DEMPTY] [-DWARMUP=n] ems.asm -o EMS.COM
; The program finds the EMS driver by the name at offset 0Ah of INT 67h's
; segment, allocates 8 pages and maps them in turn: call i maps logical page
; i mod 8 at physical page i mod 4, so every call changes a mapping. With EMPTY
; defined the loop has the same instructions but no INT 67h, so that its time
; can be taken off. Prints "calls done" and exits with code 0; any EMS error
; prints "FAILED" with the status and exits with code 1.

%ifndef CALLS
%define CALLS 1
%endif

        org 100h
%ifdef WARMUP
        ; A fixed busy loop before the measured part (the same for every run length),
        ; for emulators that tune their speed during the first second or so.
        mov ecx, WARMUP
warm:   dec ecx
        jnz warm
%endif
        mov ax, 3567h                   ; ES = INT 67h's segment
        int 21h
        mov di, 0Ah
        mov si, emm_name
        mov cx, 8
        repe cmpsb
        jne no_ems

        mov ah, 43h                     ; allocate 8 pages
        mov bx, 8
        int 67h
        or ah, ah
        jnz failed
        mov [handle], dx

        mov esi, CALLS
        xor bx, bx                      ; logical page
        xor cl, cl                      ; OR of every status
.loop:  mov al, bl                      ; physical page = logical page mod 4
        and al, 3
        mov ah, 44h
        mov dx, [handle]
%ifdef EMPTY
        xor ah, ah
        nop
%else
        int 67h
%endif
        or cl, ah
        inc bx
        and bx, 7
        dec esi
        jnz .loop
        mov ah, cl
        or ah, ah
        jnz failed

        mov ah, 45h                     ; free the pages
        mov dx, [handle]
        int 67h
        or ah, ah
        jnz failed

        mov dx, message
        mov ah, 09h
        int 21h
        mov ax, 4C00h
        int 21h

no_ems: mov ah, 0FFh
failed: mov al, ah                      ; "FAILED xx" with the status in hex
        shr al, 4
        call digit
        mov [status], al
        mov al, ah
        and al, 0Fh
        call digit
        mov [status + 1], al
        mov dx, fail_message
        mov ah, 09h
        int 21h
        mov ax, 4C01h
        int 21h

digit:  add al, '0'
        cmp al, '9'
        jbe .done
        add al, 7
.done:  ret

emm_name     db "EMMXXXX0"
handle       dw 0
message      db "calls done", 13, 10, "$"
fail_message db "FAILED "
status       db "00", 13, 10, "$"
