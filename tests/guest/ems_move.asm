; 57h: move and exchange memory regions, conventional and expanded, with every
; error code and the overlap rules. One line per call: status, then a check.
%include "ems_macros.inc"
        org 100h
start:
        mov bx, 4
        mov ah, 43h
        int 67h                         ; A: 4 pages
        mov [ha], dx
        mov bx, 2
        mov ah, 43h
        int 67h                         ; B: 2 pages
        mov [hb], dx

        ; conventional -> A page 1 offset 100h, 32 bytes; read back through the frame
        call region_reset
        mov dword [rlen], 32
        mov word [src_off], pattern
        mov [src_seg], ds
        mov byte [dst_type], 1
        mov ax, [ha]
        mov [dst_handle], ax
        mov word [dst_off], 100h
        mov word [dst_seg], 1
        call move
        mov dx, [ha]
        mov bx, 1
        mov ax, 4400h
        int 67h
        mov ax, 0D000h
        mov es, ax
        mov di, 100h
        mov si, pattern
        mov cx, 32
        call same

        ; A page 1 -> B page 1 offset 3FF0h across B's end: 93h
        call region_reset
        mov dword [rlen], 32
        mov byte [src_type], 1
        mov ax, [ha]
        mov [src_handle], ax
        mov word [src_off], 100h
        mov word [src_seg], 1
        mov byte [dst_type], 1
        mov ax, [hb]
        mov [dst_handle], ax
        mov word [dst_off], 3FF0h
        mov word [dst_seg], 1
        call move
        ; the same ending on B's last byte: fine, and crosses from page 0 to page 1 of B
        mov word [dst_off], 3FF0h
        mov word [dst_seg], 0
        call move
        ; B page 0 offset 3FF0h, 32 bytes, back to conventional memory: the pattern
        call region_reset
        mov dword [rlen], 32
        mov byte [src_type], 1
        mov ax, [hb]
        mov [src_handle], ax
        mov word [src_off], 3FF0h
        mov word [src_seg], 0
        mov word [dst_off], buffer
        mov [dst_seg], ds
        call move
        push ds
        pop es
        mov di, buffer
        mov si, pattern
        mov cx, 32
        call same

        ; exchange conventional <-> A page 1 offset 100h
        call region_reset
        mov dword [rlen], 32
        mov word [src_off], other
        mov [src_seg], ds
        mov byte [dst_type], 1
        mov ax, [ha]
        mov [dst_handle], ax
        mov word [dst_off], 100h
        mov word [dst_seg], 1
        call exchange
        push ds
        pop es
        mov di, other                   ; now holds the pattern
        mov si, pattern
        mov cx, 32
        call same
        mov ax, 0D000h                  ; page 1 is still mapped at D000h
        mov es, ax
        mov di, 100h
        mov si, other_copy
        mov cx, 32
        call same

        ; errors
        call region_reset
        mov dword [rlen], 16
        mov word [src_off], pattern
        mov [src_seg], ds
        mov word [dst_off], buffer
        mov [dst_seg], ds
        mov byte [dst_type], 2
        call move                       ; no such memory type: 98h
        mov byte [dst_type], 0
        mov dword [rlen], 100001h
        call move                       ; more than 1 MiB: 96h
        mov dword [rlen], 16
        mov byte [dst_type], 1
        mov ax, [ha]
        mov [dst_handle], ax
        mov word [dst_off], 4000h
        mov word [dst_seg], 0
        call move                       ; offset beyond a page: 95h
        mov word [dst_off], 0
        mov word [dst_seg], 4
        call move                       ; no logical page 4: 8Ah
        mov word [dst_seg], 3
        mov word [dst_off], 3FF8h
        call move                       ; 16 bytes from 3FF8h of the last page: 93h
        mov word [dst_handle], 99h
        call move                       ; no such handle: 83h
        mov byte [dst_type], 0
        mov word [dst_off], 0FFF8h
        mov word [dst_seg], 0FFFFh
        call move                       ; past 1 MiB: A2h
        mov ax, 5702h
        mov si, region
        int 67h
        call status                     ; 8Fh
        mov dword [rlen], 0
        mov word [dst_off], 0
        mov word [dst_seg], 0FFFFh
        call move                       ; nothing to move: 00h

        ; overlapping regions of one handle: a move works (92h), an exchange does not (97h)
        call fill_a0                    ; A page 0: bytes 00 01 02 ... at D000:0000
        call region_reset
        mov dword [rlen], 100h
        mov byte [src_type], 1
        mov ax, [ha]
        mov [src_handle], ax
        mov byte [dst_type], 1
        mov [dst_handle], ax
        mov word [dst_off], 10h
        call move                       ; 0-FFh to 10h-10Fh: 92h
        mov ax, 0D000h
        mov es, ax
        mov al, [es:10h]
        mov ah, [es:10Fh]
        call space
        call hex16                      ; FF00: bytes 10h and 10Fh hold 00 and FF
        call eol
        call exchange                   ; 97h
        ; overlapping conventional regions, the same
        call region_reset
        mov dword [rlen], 8
        mov word [src_off], pattern
        mov [src_seg], ds
        mov word [dst_off], pattern + 2
        mov [dst_seg], ds
        call move                       ; 92h
        mov ax, [pattern + 2]
        call space
        call hex16                      ; the pattern's first two bytes, moved up
        call eol
        call exchange                   ; 97h

        ; conventional memory that shows the expanded region itself: 94h
        call region_reset
        mov dword [rlen], 100h
        mov word [src_off], 0
        mov word [src_seg], 0D000h      ; shows A page 0
        mov byte [dst_type], 1
        mov ax, [ha]
        mov [dst_handle], ax
        mov word [dst_off], 80h
        mov word [dst_seg], 0
        call move                       ; 94h
        mov word [dst_seg], 2
        call move                       ; another page: 00h
        mov word [dst_seg], 0
        mov word [dst_off], 100h
        call move                       ; A page 0 from 100h: no overlap, 00h
        exit 0

; Fill A page 0 (mapped at D000h) with 00 01 02 ... FF 00 01 ...
fill_a0:
        mov dx, [ha]
        xor bx, bx
        mov ax, 4400h
        int 67h
        mov ax, 0D000h
        mov es, ax
        xor di, di
        mov cx, 4000h
        xor al, al
.fill:  stosb
        inc al
        loop .fill
        ret

region_reset:
        push di
        push cx
        push ax
        push es
        push ds
        pop es
        mov di, region
        mov cx, 18
        xor al, al
        rep stosb
        pop es
        pop ax
        pop cx
        pop di
        ret

move:
        mov ax, 5700h
        jmp do57
exchange:
        mov ax, 5701h
do57:   mov si, region
        int 67h
        jmp status

; Compare CX bytes at ES:DI with DS:SI: print " same" or " differ".
same:
        repe cmpsb
        mov dx, s_same
        je .out
        mov dx, s_differ
.out:   call text
        ret

ha          dw 0
hb          dw 0
region:
rlen        dd 0
src_type    db 0
src_handle  dw 0
src_off     dw 0
src_seg     dw 0
dst_type    db 0
dst_handle  dw 0
dst_off     dw 0
dst_seg     dw 0
pattern     db "0123456789ABCDEFGHIJKLMNOPQRSTUV"
other       db "abcdefghijklmnopqrstuvwxyz!#%&()"
other_copy  db "abcdefghijklmnopqrstuvwxyz!#%&()"
s_same      db " same", 13, 10, "$"
s_differ    db " differ", 13, 10, "$"
buffer      times 64 db 0
%include "ems_lib.inc"
