# local/debian:bookworm: a `debootstrap --variant=minbase bookworm` root file system as one layer, the
# equivalent of `tar -C ROOT -c . | docker import - local/debian:bookworm`.
FROM scratch
ADD rootfs.tar /
CMD ["bash"]
