; Runs its command tail through the command interpreter, as C's system() does:
; finds COMSPEC in the environment, EXECs it with "/C <tail>", then prints
; "rc=XXXX" (INT 21h/4Dh) and exits with the interpreter's exit code.
%include "macros.inc"
        org 100h
        mov sp, stack_top
        mov ah, 4Ah                 ; give back the memory the program does not use
        mov bx, (stack_top - $$ + 100h + 15) / 16
        int 21h
        jc fail
        mov es, [2Ch]
        xor di, di
.scan:  cmp byte [es:di], 0
        je fail                     ; no COMSPEC
        mov si, comspec
        mov cx, 8
        push di
        repe cmpsb
        je .found
        pop di
.skip:  cmp byte [es:di], 0
        je .next
        inc di
        jmp .skip
.next:  inc di
        jmp .scan
.found: pop ax
        mov si, path
.copy:  mov al, [es:di]
        mov [si], al
        inc di
        inc si
        or al, al
        jnz .copy
        push cs
        pop es
        mov di, ctail + 1           ; " /C" and our own tail
        mov si, slash_c
        movsb
        movsb
        movsb
        mov cl, [80h]
        xor ch, ch
        mov si, 81h
        rep movsb
        mov byte [di], 13
        mov ax, di
        sub ax, ctail + 1
        mov [ctail], al
        mov [pb_tail + 2], cs
        mov [pb_fcb1 + 2], cs
        mov [pb_fcb2 + 2], cs
        mov dx, path
        mov bx, pblock
        mov ax, 4B00h
        int 21h
        mov bx, cs                  ; DOS 2 kept nothing but CS:IP: take the rest back
        cli
        mov ss, bx
        mov sp, stack_top
        sti
        mov ds, bx
        mov es, bx
        jc execfail
        print rcmsg
        mov ah, 4Dh
        int 21h
        call hex16
        call newline
        mov ah, 4Ch
        int 21h
execfail:
        print failmsg
        call hex16
        call newline
fail:   exit 0FFh

comspec db "COMSPEC="
slash_c db " /C"
rcmsg   db "rc=$"
failmsg db "EXEC failed: $"
pblock  dw 0                        ; the environment: a copy of ours
pb_tail dw ctail, 0
pb_fcb1 dw 5Ch, 0
pb_fcb2 dw 6Ch, 0
path    times 80 db 0
ctail   times 130 db 0

%include "lib.inc"
        times 256 db 0
stack_top:
