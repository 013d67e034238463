; INT 21h/52h: walks the MCB chain from the list of lists (finding its own block,
; named after the program), the device chain from NUL, the system file tables
; (its own open file, by handle) and the current directory of C:. InDOS (34h).
%include "macros.inc"
        org 100h
start:
        mov ah, 52h
        int 21h
        mov [lol], bx
        mov [lol + 2], es
        mov ax, [es:bx - 2]                  ; the first MCB
        xor cx, cx                           ; blocks seen
.mcb:   mov es, ax
        inc cx
        mov dl, [es:0]
        cmp dl, 'M'
        je .sig_ok
        cmp dl, 'Z'
        jne .broken
.sig_ok:
        mov bx, cs                           ; our own block?
        dec bx
        cmp ax, bx
        jne .next
        mov bx, cs
        cmp [es:1], bx                       ; owned by us, and named after us
        jne .next
        cmp word [es:8], 'IL'
        jne .next
        cmp word [es:10], 'OL'
        jne .next
        print s_self
.next:  cmp byte [es:0], 'Z'
        je .mcb_end
        add ax, [es:3]
        inc ax
        jmp .mcb
.broken:
        print s_broken
        exit 1
.mcb_end:
        add ax, [es:3]
        inc ax
        print s_end
        call hex16
        call newline

        les bx, [lol]                        ; devices: NUL is inside the list
        add bx, 22h
        print s_devices
.dev:   test word [es:bx + 4], 8000h         ; a character device: print its name
        jz .block
        mov cx, 8
        mov si, 10
.name:  mov dl, [es:bx + si]
        cmp dl, ' '
        je .name_end
        mov ah, 02h
        int 21h
        inc si
        loop .name
.name_end:
        call space
.block: cmp word [es:bx], 0FFFFh
        je .dev_end
        les bx, [es:bx]
        jmp .dev
.dev_end:
        call newline

        mov dx, fname                        ; an open file shows in the SFT
        xor cx, cx
        mov ah, 3Ch
        int 21h
        jc fail
        mov [handle], ax
        mov bx, ax
        mov dx, fname
        mov cx, 3
        mov ah, 40h
        int 21h
        mov ah, 52h
        int 21h
        les di, [ds:34h]                     ; the JFT gives the SFT index of the handle
        add di, [handle]
        mov al, [es:di]
        xor ah, ah
        call sft_entry                       ; ES:DI -> the entry
        mov cx, 11
        mov si, 20h
        print s_file
        mov bx, di
.fname: mov dl, [es:bx + si]
        mov ah, 02h
        int 21h
        inc si
        loop .fname
        call space
        mov ax, [es:di]                      ; handles on it
        call hex16
        call space
        mov ax, [es:di + 11h]                ; size
        call hex16
        call space
        mov ax, [es:di + 15h]                ; position
        call hex16
        call newline
        mov al, [ds:18h + 1]                 ; handle 1: the console
        xor ah, ah
        call sft_entry
        mov cx, 11
        mov si, 20h
        print s_file
        mov bx, di
.cname: mov dl, [es:bx + si]
        mov ah, 02h
        int 21h
        inc si
        loop .cname
        call newline
        mov bx, [handle]
        mov ah, 3Eh
        int 21h
        mov dx, fname
        mov ah, 41h
        int 21h

        les bx, [lol]                        ; the CDS entry of C:
        print s_cds
        mov al, [es:bx + 21h]                ; LASTDRIVE
        xor ah, ah
        call hex16
        call space
        les bx, [es:bx + 16h]
        add bx, 2 * 58h
        mov ax, [es:bx + 43h]
        call hex16
        call space
.path:  mov dl, [es:bx]
        or dl, dl
        jz .path_end
        mov ah, 02h
        int 21h
        inc bx
        jmp .path
.path_end:
        call newline

        mov ah, 34h
        int 21h
        print s_indos
        mov al, [es:bx]
        xor ah, ah
        call hex16
        call space
        mov al, [es:bx - 1]
        call hex16
        call newline
        exit 0
fail:   print s_fail
        exit 1

; ES:DI -> SFT entry AX, following the chain from the list of lists
sft_entry:
        les di, [lol]
        les di, [es:di + 4]
.table: cmp ax, [es:di + 4]
        jb .here
        sub ax, [es:di + 4]
        les di, [es:di]
        jmp .table
.here:  mov cx, 3Bh
        mul cx
        add di, ax
        add di, 6
        ret

lol     dd 0
handle  dw 0
fname   db "ILOL.TMP", 0
s_self  db "mcb:self", 13, 10, "$"
s_broken db "mcb:broken", 13, 10, "$"
s_end   db "mcb end:$"
s_devices db "devices:$"
s_file  db "sft:$"
s_cds   db "cds:$"
s_indos db "indos:$"
s_fail  db "FAILED", 13, 10, "$"
%include "lib.inc"
