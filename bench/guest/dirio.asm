; Directory work: create COUNT empty files F0001.TXT, F0002.TXT, ... (3Ch + 3Eh),
; list them with find first/next on F*.TXT (4Eh/4Fh) and check every entry, delete
; them all (41h), and check that a search then finds none.
; Build: nasm -f bin -DCOUNT=n [-DWARMUP=n] dirio.asm -o DIRIO.COM   (1 <= n <= 9999)
; The listing must hold each file exactly once (name F<4 digits>.TXT with a number
; in 1..COUNT, size 0) and nothing else. Every call's carry flag is checked: on any
; error the program prints "dirio: FAILED ..." and exits with code 1. Otherwise its
; last line is "dirio done: N created, N listed, N deleted" and it exits with code 0.
; It uses the DTA the program starts with (PSP:80h).

%ifndef COUNT
%define COUNT 10
%endif
%if COUNT < 1 || COUNT > 9999
%error COUNT must be in 1..9999
%endif
DTA     equ 80h
SEEN    equ 2000h                   ; one byte per file number: listed yet?

        org 100h
start:
%ifdef WARMUP
        ; A fixed busy loop before the measured part (the same for every run length),
        ; for emulators that tune their speed during the first second or so.
        mov ecx, WARMUP
warm:   dec ecx
        jnz warm
%endif
        cld
        mov di, SEEN
        mov cx, COUNT + 1
        xor al, al
        rep stosb

; -- create ----------------------------------------------------------------------
        mov word [what], s_create
        mov si, 1
.create:
        call setname
        mov dx, name
        xor cx, cx                  ; normal attributes
        mov ah, 3Ch
        int 21h
        jc failname
        mov bx, ax
        mov ah, 3Eh
        int 21h
        mov word [what], s_close
        jc failname
        mov word [what], s_create
        inc si
        cmp si, COUNT
        jbe .create
        mov [created], si
        dec word [created]

; -- list ------------------------------------------------------------------------
        mov word [listed], 0
        mov dx, pattern
        xor cx, cx                  ; normal files only
        mov ah, 4Eh
        int 21h
        mov word [what], s_findfirst
        jc fail
.entry: call checkentry
        inc word [listed]
        mov ah, 4Fh
        int 21h
        jnc .entry
        cmp ax, 12h                 ; no more files: the only good way for the list to end
        mov word [what], s_findnext
        jne fail
        mov ax, [listed]
        cmp ax, COUNT
        mov word [what], s_count
        jne failnumber

; -- delete ----------------------------------------------------------------------
        mov word [what], s_delete
        mov si, 1
.delete:
        call setname
        mov dx, name
        mov ah, 41h
        int 21h
        jc failname
        inc si
        cmp si, COUNT
        jbe .delete
        mov [deleted], si
        dec word [deleted]

        ; Now the search must find nothing (error 2, file not found, or 12h, no more files).
        mov dx, pattern
        xor cx, cx
        mov ah, 4Eh
        int 21h
        mov word [what], s_left
        jnc failmsg
        cmp ax, 02h
        je .gone
        cmp ax, 12h
        mov word [what], s_findempty
        jne fail
.gone:
        mov dx, s_done
        call puts
        mov ax, [created]
        call putdec
        mov dx, s_created
        call puts
        mov ax, [listed]
        call putdec
        mov dx, s_listed
        call puts
        mov ax, [deleted]
        call putdec
        mov dx, s_deleted
        call puts
        mov ax, 4C00h
        int 21h

; Write the number SI as 4 digits into name (F0001.TXT).
setname:
        mov ax, si
        mov bx, name + 4
        mov cx, 4
        push si
        mov si, 10
.digit: xor dx, dx
        div si
        add dl, '0'
        mov [bx], dl
        dec bx
        loop .digit
        pop si
        ret

; Check the found entry in the DTA: "F" + 4 digits + ".TXT", number 1..COUNT not seen
; before, size 0. Marks it seen.
checkentry:
        mov word [what], s_badentry
        mov bx, DTA + 1Eh           ; the name, zero-terminated
        cmp byte [bx], 'F'
        jne failentry
        xor ax, ax
        mov cx, 4
.num:   inc bx
        mov dl, [bx]
        sub dl, '0'
        cmp dl, 9
        ja failentry
        imul ax, ax, 10
        movzx dx, dl
        add ax, dx
        loop .num
        cmp dword [DTA + 1Eh + 5], '.TXT'
        jne failentry
        cmp byte [DTA + 1Eh + 9], 0
        jne failentry
        test ax, ax
        jz failentry
        cmp ax, COUNT
        ja failentry
        cmp dword [DTA + 1Ah], 0    ; file size
        jne failentry
        mov bx, ax
        mov word [what], s_twice
        cmp byte [SEEN + bx], 0
        jne failentry
        mov byte [SEEN + bx], 1
        ret

; -- failures --------------------------------------------------------------------
failname:                           ; a call on the file in `name` set CF (error in AX)
        push ax
        mov dx, s_failed
        call puts
        mov dx, [what]
        call puts
        mov byte [name + 9], '$'
        mov dx, name
        call puts
        jmp failcode
fail:                               ; a call set CF: AX holds the error code
        push ax
        mov dx, s_failed
        call puts
        mov dx, [what]
        call puts
failcode:
        mov dx, s_error
        call puts
        pop ax
        call putdec
        jmp failend
failnumber:                         ; a count was wrong: AX holds it
        push ax
        mov dx, s_failed
        call puts
        mov dx, [what]
        call puts
        pop ax
        call putdec
        jmp failend
failentry:                          ; show the name found (up to its zero)
        mov dx, s_failed
        call puts
        mov dx, [what]
        call puts
        mov si, DTA + 1Eh
        mov cx, 13
.ch:    lodsb
        test al, al
        jz failend
        mov dl, al
        mov ah, 02h
        int 21h
        loop .ch
        jmp failend
failmsg:
        mov dx, s_failed
        call puts
        mov dx, [what]
        call puts
failend:
        mov dx, s_crlf
        call puts
        mov ax, 4C01h
        int 21h

; Print the $-terminated string at DX.
puts:   mov ah, 09h
        int 21h
        ret

; Print AX in decimal.
putdec: mov bx, 10
        xor cx, cx
.div:   xor dx, dx
        div bx
        push dx
        inc cx
        test ax, ax
        jnz .div
.out:   pop dx
        add dl, '0'
        mov ah, 02h
        int 21h
        loop .out
        ret

name        db "F0000.TXT", 0
pattern     db "F*.TXT", 0
what        dw 0
created     dw 0
listed      dw 0
deleted     dw 0
s_done      db "dirio done: $"
s_created   db " created, $"
s_listed    db " listed, $"
s_deleted   db " deleted", 13, 10, "$"
s_failed    db "dirio: FAILED $"
s_create    db "create (3Ch) $"
s_close     db "close (3Eh) $"
s_delete    db "delete (41h) $"
s_findfirst db "find first (4Eh)$"
s_findnext  db "find next (4Fh)$"
s_findempty db "find first (4Eh) after deleting$"
s_left      db "find first (4Eh) after deleting: files left$"
s_count     db "listing: wrong number of entries: $"
s_badentry  db "listing: unexpected entry $"
s_twice     db "listing: entry listed twice $"
s_error     db ", error $"
s_crlf      db 13, 10, "$"

%if $ - $$ + 100h > SEEN
%error the program overlaps its SEEN table
%endif
