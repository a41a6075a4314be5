using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Fulgur.Crypto;

/// <summary>
/// The raw ChaCha20 stream cipher of RFC 8439 §2.4 (32-byte key, 96-bit nonce, 32-bit block counter). .NET exposes
/// ChaCha20 only inside the Poly1305 AEAD, but BOLT 4 uses the bare keystream for onion obfuscation and filler.
/// The block function is written here from the RFC; for streams longer than a couple of blocks the blocks from
/// counter 1 on are taken from .NET's (vectorized, OpenSSL) AEAD, whose ciphertext is by definition the plaintext
/// XOR the ChaCha20 stream starting at counter 1 (RFC 8439 §2.8). The Poly1305 tag it also computes is discarded.
/// </summary>
public static class ChaCha20
{
    public const int KeyLength = 32;
    public const int NonceLength = 12;
    private const int BlockLength = 64;

    /// <summary>output = input XOR keystream(key, nonce, counter…). Input and output may be the same span.</summary>
    public static void Xor(ReadOnlySpan<byte> key32, ReadOnlySpan<byte> nonce12, uint counter, ReadOnlySpan<byte> input, Span<byte> output)
    {
        Validate(key32, nonce12);
        if (output.Length < input.Length)
            throw new ArgumentException("output is shorter than input", nameof(output));
        output = output[..input.Length];

        if (counter <= 1 && input.Length >= AeadThreshold)
        {
            // Counter 0 has no AEAD equivalent: do the first block here, the rest through the AEAD.
            var scalar = counter == 0 ? BlockLength : 0;
            XorScalar(key32, nonce12, counter, input[..scalar], output[..scalar]);
            using var aead = new ChaCha20Poly1305(key32);
            Span<byte> tag = stackalloc byte[16];
            aead.Encrypt(nonce12, input[scalar..], output[scalar..], tag);
            return;
        }
        XorScalar(key32, nonce12, counter, input, output);
    }

    private const int AeadThreshold = 3 * BlockLength;

    private static void XorScalar(ReadOnlySpan<byte> key32, ReadOnlySpan<byte> nonce12, uint counter, ReadOnlySpan<byte> input, Span<byte> output)
    {
        Span<uint> state = stackalloc uint[16];
        Initialize(state, key32, nonce12);
        Span<byte> block = stackalloc byte[BlockLength];
        for (var offset = 0; offset < input.Length; offset += BlockLength)
        {
            state[12] = counter++;
            Block(state, block);
            var n = Math.Min(BlockLength, input.Length - offset);
            for (var i = 0; i < n; i++)
                output[offset + i] = (byte)(input[offset + i] ^ block[i]);
        }
    }

    /// <summary>Writes the bare keystream (the encryption of zeros) to <paramref name="output"/>.</summary>
    public static void Keystream(ReadOnlySpan<byte> key32, ReadOnlySpan<byte> nonce12, uint counter, Span<byte> output)
    {
        output.Clear();
        Xor(key32, nonce12, counter, output, output);
    }

    private static void Validate(ReadOnlySpan<byte> key32, ReadOnlySpan<byte> nonce12)
    {
        if (key32.Length != KeyLength)
            throw new ArgumentException("ChaCha20 key is 32 bytes", nameof(key32));
        if (nonce12.Length != NonceLength)
            throw new ArgumentException("ChaCha20 nonce is 12 bytes", nameof(nonce12));
    }

    private static void Initialize(Span<uint> state, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        // "expand 32-byte k"
        state[0] = 0x61707865; state[1] = 0x3320646e; state[2] = 0x79622d32; state[3] = 0x6b206574;
        for (var i = 0; i < 8; i++)
            state[4 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(i * 4)..]);
        for (var i = 0; i < 3; i++)
            state[13 + i] = BinaryPrimitives.ReadUInt32LittleEndian(nonce[(i * 4)..]);
    }

    private static void Block(ReadOnlySpan<uint> state, Span<byte> output)
    {
        Span<uint> x = stackalloc uint[16];
        state.CopyTo(x);
        for (var i = 0; i < 10; i++)
        {
            QuarterRound(x, 0, 4, 8, 12);
            QuarterRound(x, 1, 5, 9, 13);
            QuarterRound(x, 2, 6, 10, 14);
            QuarterRound(x, 3, 7, 11, 15);
            QuarterRound(x, 0, 5, 10, 15);
            QuarterRound(x, 1, 6, 11, 12);
            QuarterRound(x, 2, 7, 8, 13);
            QuarterRound(x, 3, 4, 9, 14);
        }
        for (var i = 0; i < 16; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(output[(i * 4)..], x[i] + state[i]);
    }

    private static void QuarterRound(Span<uint> x, int a, int b, int c, int d)
    {
        x[a] += x[b]; x[d] = BitOperations.RotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d]; x[b] = BitOperations.RotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b]; x[d] = BitOperations.RotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d]; x[b] = BitOperations.RotateLeft(x[b] ^ x[c], 7);
    }
}
