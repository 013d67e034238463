; File I/O throughput: create FILEIO.DAT (3Ch), write KIB KiB to it in 32 KiB
; writes (40h), close (3Eh), reopen it (3Dh), read it back in 32 KiB reads (3Fh)
; and check the data, read once more to see end of file, close, delete (41h).
; Build: nasm -f bin -DKIB=n [-DWRITEONLY] [-DWARMUP=n] fileio.asm -o FILEIO.COM
; KIB must be a multiple of 32. With WRITEONLY the file is deleted right after it is
; written (no reopen, no reads), so that the time of the writes can be told apart.
; Every call's carry flag and byte count is checked: on any error the program prints
; "fileio: FAILED ..." and exits with code 1. Otherwise its last line is
; "fileio done: N KiB written, M KiB read" and it exits with code 0.

%ifndef KIB
%define KIB 32
%endif
%if KIB % 32 || KIB < 32
%error KIB must be a positive multiple of 32
%endif
CHUNKS  equ KIB / 32
CHUNK   equ 8000h                   ; 32 KiB per call
BUF     equ 1000h                   ; the buffer: 1000h-8FFFh of the program's segment

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
        ; Fill the buffer with a byte pattern (offset * 7).
        mov di, BUF
        xor al, al
        mov cx, CHUNK
.fill:  stosb
        add al, 7
        loop .fill

        xor ebp, ebp                ; KiB written
        xor esi, esi                ; KiB read
        mov di, -1                  ; chunk index, -1 outside the loops (for messages)

; -- write -----------------------------------------------------------------------
        mov dx, filename
        xor cx, cx                  ; normal attributes
        mov ah, 3Ch
        int 21h
        mov word [what], s_create
        jc fail
        mov [handle], ax

        xor di, di                  ; chunk index
.write: ; Stamp each chunk with its index (first word) and its complement (last word).
        mov [BUF], di
        mov ax, di
        not ax
        mov [BUF + CHUNK - 2], ax
        mov bx, [handle]
        mov cx, CHUNK
        mov dx, BUF
        mov ah, 40h
        int 21h
        mov word [what], s_write
        jc fail
        cmp ax, CHUNK
        mov word [what], s_shortwrite
        jne failcount
        add ebp, 32
        inc di
        cmp di, CHUNKS
        jb .write
        mov di, -1

        mov bx, [handle]
        mov ah, 3Eh
        int 21h
        mov word [what], s_close
        jc fail

%ifndef WRITEONLY
; -- read back -------------------------------------------------------------------
        mov dx, filename
        mov ax, 3D00h               ; open for reading
        int 21h
        mov word [what], s_open
        jc fail
        mov [handle], ax

        xor di, di
.read:  mov word [BUF], 0FFFFh      ; overwritten by a good read
        mov word [BUF + CHUNK - 2], 0FFFFh
        mov byte [BUF + 1234], 0
        mov bx, [handle]
        mov cx, CHUNK
        mov dx, BUF
        mov ah, 3Fh
        int 21h
        mov word [what], s_read
        jc fail
        cmp ax, CHUNK
        mov word [what], s_shortread
        jne failcount
        cmp [BUF], di
        mov word [what], s_baddata
        jne failmsg
        mov ax, di
        not ax
        cmp [BUF + CHUNK - 2], ax
        jne failmsg
        cmp byte [BUF + 1234], (1234 * 7) & 0FFh
        jne failmsg
        add esi, 32
        inc di
        cmp di, CHUNKS
        jb .read
        mov di, -1

        ; One more read must return 0 bytes: the file ends where the writes ended.
        mov bx, [handle]
        mov cx, CHUNK
        mov dx, BUF
        mov ah, 3Fh
        int 21h
        mov word [what], s_read
        jc fail
        test ax, ax
        mov word [what], s_noeof
        jnz failcount

        mov bx, [handle]
        mov ah, 3Eh
        int 21h
        mov word [what], s_close
        jc fail
%endif

; -- delete ----------------------------------------------------------------------
        mov dx, filename
        mov ah, 41h
        int 21h
        mov word [what], s_delete
        jc fail

        mov dx, s_done
        call puts
        mov eax, ebp
        call putdec
        mov dx, s_written
        call puts
        mov eax, esi
        call putdec
        mov dx, s_read_kib
        call puts
        mov ax, 4C00h
        int 21h

; -- failures --------------------------------------------------------------------
fail:                               ; a call set CF: AX holds the error code
        push ax
        mov dx, s_failed
        call puts
        mov dx, [what]
        call puts
        mov dx, s_error
        call puts
        pop ax
        movzx eax, ax
        call putdec
        jmp failend
failcount:                          ; a byte count was wrong: AX holds it
        push ax
        mov dx, s_failed
        call puts
        mov dx, [what]
        call puts
        mov dx, s_count
        call puts
        pop ax
        movzx eax, ax
        call putdec
        jmp failend
failmsg:
        mov dx, s_failed
        call puts
        mov dx, [what]
        call puts
failend:
        cmp di, -1
        je .nochunk
        mov dx, s_at
        call puts
        movzx eax, di
        call putdec
.nochunk:
        mov dx, s_crlf
        call puts
        mov ax, 4C01h
        int 21h

; Print the $-terminated string at DX.
puts:   mov ah, 09h
        int 21h
        ret

; Print EAX in decimal.
putdec: push ebx
        push ecx
        push edx
        mov ebx, 10
        xor cx, cx
.div:   xor edx, edx
        div ebx
        push dx
        inc cx
        test eax, eax
        jnz .div
.out:   pop dx
        add dl, '0'
        mov ah, 02h
        int 21h
        loop .out
        pop edx
        pop ecx
        pop ebx
        ret

filename    db "FILEIO.DAT", 0
handle      dw 0
what        dw 0
s_done      db "fileio done: $"
s_written   db " KiB written, $"
s_read_kib  db " KiB read", 13, 10, "$"
s_failed    db "fileio: FAILED $"
s_create    db "create (3Ch)$"
s_write     db "write (40h)$"
s_shortwrite db "write (40h) short$"
s_close     db "close (3Eh)$"
s_open      db "open (3Dh)$"
s_read      db "read (3Fh)$"
s_shortread db "read (3Fh) short$"
s_baddata   db "read (3Fh): data differ from what was written$"
s_noeof     db "read (3Fh) past the data: not at end of file$"
s_delete    db "delete (41h)$"
s_error     db ", error $"
s_count     db ", count $"
s_at        db " at chunk $"
s_crlf      db 13, 10, "$"

%if $ - $$ + 100h > BUF
%error the program overlaps its buffer
%endif
