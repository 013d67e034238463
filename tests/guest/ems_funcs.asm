; Every LIM 4.0 function but 55h-57h (ems_jump, ems_move) with its error codes:
; one line per call, the status (AH) first, then what the call returned.
; Meant for the default layout: 2048 KiB, frame D000h, 384 KiB low and 32 KiB
; high OS map regions (30 physical pages).
%include "ems_macros.inc"
        org 100h
start:
        emm 4000h                       ; status
        emm_q 4600h                     ; version
        call space
        call hex8
        call eol
        emm_q 4100h                     ; page frame
        show bx
        call eol
        emm_q 4200h                     ; page counts: free, total
        show bx
        show dx
        call eol
        emm_q 4B00h                     ; handles: only handle 0
        show bx
        call eol

        ; -- 43h allocate --
        xor bx, bx
        emm 4300h                       ; 0 pages: 89h
        mov bx, 129
        emm 4300h                       ; more than there are: 87h
        mov bx, 4
        emm_q 4300h                     ; 4 pages
        mov [h1], dx
        show dx
        call eol
        emm_q 4200h
        show bx
        call eol
        mov bx, 125
        emm 4300h                       ; more than are free: 88h
        mov dx, [h1]
        emm_q 4C00h                     ; pages of H1
        show bx
        call eol
        mov dx, 99h
        emm 4C00h                       ; no such handle: 83h

        ; -- 44h map --
        mov dx, [h1]
        xor bx, bx
        emm 4400h                       ; page 0 at physical page 0
        mov ax, 0D000h
        mov es, ax
        mov word [es:0], 1234h
        mov dx, 99h
        emm 4400h                       ; bad handle: 83h
        mov dx, [h1]
        mov bx, 4
        emm 4400h                       ; bad logical page: 8Ah
        mov bx, 1
        emm 4400h + 30                  ; bad physical page: 8Bh
        emm 4400h                       ; page 1 at physical page 0
        mov word [es:0], 5678h
        xor bx, bx
        emm_q 4400h                     ; page 0 again: 1234h
        show word [es:0]
        call eol
        mov bx, 0FFFFh
        emm_q 4400h                     ; unmap: the frame's own RAM (zero)
        show word [es:0]
        call eol

        ; -- 4Dh all handles --
        mov ax, ds
        mov es, ax
        mov di, buffer
        emm_q 4D00h
        show bx
        show word [buffer]
        show word [buffer + 2]
        show word [buffer + 4]
        show word [buffer + 6]
        call eol

        ; -- 51h reallocate --
        mov dx, [h1]
        mov bx, 6
        emm_q 5100h
        show bx
        call eol
        mov bx, 2
        emm_q 5100h
        show bx
        call eol
        mov bx, 200
        emm 5100h                       ; 87h
        mov dx, 99h
        emm 5100h                       ; 83h
        xor dx, dx
        mov bx, 5
        emm 5100h                       ; handle 0 is conventional memory: 80h
        mov dx, [h1]
        mov bx, 4
        emm 5100h
        xor bx, bx                      ; each page starts with its number
.init:  mov ax, 4401h
        int 67h
        push es
        mov ax, 0D400h
        mov es, ax
        mov [es:0], bx
        pop es
        inc bx
        cmp bx, 4
        jb .init

        ; -- 52h attributes --
        emm_q 5200h
        call space
        call hex8
        call eol
        mov bl, 1
        emm 5201h                       ; non-volatile: not supported, 91h
        mov bl, 2
        emm 5201h                       ; no such attribute: 90h
        mov bl, 0
        emm 5201h
        emm_q 5202h                     ; capability: volatile only
        call space
        call hex8
        call eol
        emm 5203h                       ; 8Fh
        mov dx, 99h
        emm 5200h                       ; 83h

        ; -- 53h, 54h names --
        mov dx, [h1]
        mov si, name1
        emm 5301h                       ; set name
        mov di, buffer
        emm_q 5300h                     ; get it back
        mov byte [buffer + 8], '$'
        call space
        mov dx, buffer
        call text
        call eol
        mov si, name1
        emm_q 5401h                     ; search: H1
        show dx
        call eol
        mov si, name2
        emm 5401h                       ; no such name: A0h
        mov si, null_name
        emm 5401h                       ; the null name: A1h
        xor bx, bx
        emm_q 5A00h                     ; H2 with 0 pages
        mov [h2], dx
        show dx
        call eol
        mov si, name1
        emm 5301h                       ; the same name as H1: A1h
        mov di, buffer
        emm_q 5400h                     ; directory
        call space
        call hex8
        show word [buffer + 10]
        show word [buffer + 20]
        call eol
        emm_q 5402h                     ; handles in all
        show bx
        call eol
        emm 5403h                       ; 8Fh
        mov dx, 99h
        emm 5300h                       ; 83h

        ; -- 47h, 48h, 45h --
        mov dx, [h1]
        emm 4700h                       ; save the frame's map
        emm 4700h                       ; again: 8Dh
        emm 4500h                       ; free with a saved map: 86h
        emm 4800h                       ; restore
        emm 4800h                       ; nothing saved: 8Eh
        mov dx, 99h
        emm 4700h                       ; 83h
        mov dx, [h2]
        emm 4500h                       ; free H2
        emm 4500h                       ; again: 83h

        ; -- 4Eh page map --
        emm_q 4E03h                     ; its size
        call space
        call hex8
        call eol
        mov dx, [h1]
        mov bx, 2
        mov ax, 4401h
        int 67h                         ; page 2 at physical page 1
        mov di, map_a
        emm 4E00h                       ; get
        mov bx, 3
        mov ax, 4401h
        int 67h                         ; page 3 at physical page 1
        mov si, map_a
        emm 4E01h                       ; set: page 2 back
        call which1
        mov di, map_b                   ; get and set at once
        emm 4E02h
        mov si, map_a
        mov byte [map_a + 2], 0         ; damage the check word
        emm 4E01h                       ; A3h
        emm 4E04h                       ; 8Fh

        ; -- 4Fh partial page map --
        mov bx, 2
        emm_q 4F02h
        call space
        call hex8
        call eol
        mov bx, 31
        emm 4F02h                       ; 8Bh
        mov si, segs
        mov di, map_c
        emm 4F00h                       ; save D000h and D400h
        mov dx, [h1]
        xor bx, bx
        mov ax, 4401h
        int 67h                         ; page 0 at physical page 1
        mov si, map_c
        emm 4F01h                       ; restore
        call which1
        mov si, bad_segs
        emm 4F00h                       ; D100h is no page: 8Bh
        emm 4F03h                       ; 8Fh

        ; -- 50h many pages --
        mov dx, [h1]
        mov si, list_phys
        mov cx, 2
        emm 5000h                       ; page 1 at 1, page 3 at 2
        call which1
        mov si, list_seg
        mov cx, 1
        emm 5001h                       ; page 0 at D400h
        call which1
        mov si, list_badseg
        emm 5001h                       ; 8Bh
        mov si, list_badpage
        emm 5000h                       ; 8Ah
        emm 5002h                       ; 8Fh

        ; -- 58h mappable physical addresses --
        emm_q 5801h
        show cx
        call eol
        mov di, buffer
        emm_q 5800h
        show cx
        mov si, buffer
        mov cx, 3                       ; the first three words
.first: lodsw
        call space
        call hex16
        loop .first
        show word [buffer + 4 * 24]     ; the high OS map region
        show word [buffer + 4 * 24 + 2]
        show word [buffer + 4 * 26]     ; the frame
        show word [buffer + 4 * 26 + 2]
        call eol

        ; -- 59h hardware --
        mov di, buffer
        emm_q 5900h
        show word [buffer]
        show word [buffer + 2]
        show word [buffer + 4]
        show word [buffer + 6]
        show word [buffer + 8]
        call eol
        emm_q 5901h
        show bx
        show dx
        call eol
        emm 5902h                       ; 8Fh

        ; -- 5Bh alternate map register sets --
        emm_q 5B00h
        call space
        mov al, bl
        call hex8
        show es
        show di
        call eol
        mov ax, ds
        mov es, ax
        emm_q 5B02h
        show dx
        call eol
        emm_q 5B03h
        call space
        mov al, bl
        call hex8
        call eol
        mov bl, 1
        emm 5B01h                       ; set 1: 9Ah
        emm 5B04h                       ; 9Ch
        mov di, map_b                   ; set 0 with a save area (from 4E02h)
        xor bl, bl
        emm 5B01h
        call which1
        emm_q 5B00h
        mov dx, s_area                  ; ES:DI is the save area given to 5B01h?
        cmp di, map_b
        jne .other
        mov ax, es
        mov bx, ds
        cmp ax, bx
        je .area
.other: mov dx, s_other
.area:  call text
        mov di, map_a                   ; the damaged one: A3h
        xor bl, bl
        emm 5B01h
        emm 5B09h                       ; 8Fh

        ; -- 5Dh OS/E functions, 5Ch --
        emm 5D00h                       ; the first call hands out the key
        mov [key], bx
        mov [key + 2], cx
        xor bx, bx
        xor cx, cx
        emm 5D01h                       ; wrong key: A4h
        mov bx, [key]
        mov cx, [key + 2]
        emm 5D01h                       ; disable
        mov di, buffer
        emm 5900h                       ; A4h
        emm 5B00h                       ; A4h
        mov ax, ds
        mov es, ax
        mov bx, [key]
        mov cx, [key + 2]
        emm 5D00h                       ; enable
        emm 5901h
        mov bx, [key]
        mov cx, [key + 2]
        emm 5D02h                       ; give the key back
        emm 5D02h                       ; none handed out: A4h
        emm 5D03h                       ; 8Fh
        emm 5C00h

        ; -- what is not there --
        emm 4900h                       ; LIM 3.x I/O ports: 84h
        emm 6000h                       ; 84h
        emm 5A02h                       ; 8Fh
        mov bx, 1
        emm_q 5A01h                     ; a raw page
        mov [h2], dx
        show dx
        call eol
        emm 4500h
        mov dx, [h1]
        emm 4500h
        emm_q 4B00h
        show bx
        call eol
        exit 0

; Print the logical page physical page 1 shows, by the word each page's start holds.
which1:
        push ax
        push es
        mov ax, 0D400h
        mov es, ax
        mov ax, [es:0]
        call space
        call hex16
        call eol
        pop es
        pop ax
        ret

s_area      db " area", 13, 10, "$"
s_other     db " elsewhere", 13, 10, "$"
h1          dw 0
h2          dw 0
key         dw 0, 0
name1       db "TESTNAME"
name2       db "NOSUCH  "
null_name   times 8 db 0
segs        dw 2, 0D000h, 0D400h
bad_segs    dw 1, 0D100h
list_phys   dw 1, 1, 3, 2
list_seg    dw 0, 0D400h
list_badseg dw 0, 0D100h
list_badpage dw 9, 0
map_a       times 256 db 0
map_b       times 256 db 0
map_c       times 256 db 0
buffer      times 512 db 0
%include "ems_lib.inc"
