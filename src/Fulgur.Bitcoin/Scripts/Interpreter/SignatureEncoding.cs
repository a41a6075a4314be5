using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Scripts.Interpreter;

/// <summary>The encoding rules for signatures and public keys found on the script stack.</summary>
public static class SignatureEncoding
{
    /// <summary>
    /// BIP66's IsValidSignatureEncoding over a stack signature (DER followed by the hash type byte): "Format: 0x30
    /// [total-length] 0x02 [R-length] [R] 0x02 [S-length] [S] [sighash]", minimal lengths, positive integers without
    /// needless leading zeros.
    /// </summary>
    public static bool IsStrictDer(ReadOnlySpan<byte> sig)
    {
        if (sig.Length < 9 || sig.Length > 73)
            return false;
        if (sig[0] != 0x30 || sig[1] != sig.Length - 3)
            return false;
        var lenR = sig[3];
        if (5 + lenR >= sig.Length)
            return false;
        var lenS = sig[5 + lenR];
        if (lenR + lenS + 7 != sig.Length)
            return false;
        if (sig[2] != 0x02 || lenR == 0 || (sig[4] & 0x80) != 0)
            return false;
        if (lenR > 1 && sig[4] == 0 && (sig[5] & 0x80) == 0)
            return false;
        if (sig[lenR + 4] != 0x02 || lenS == 0 || (sig[lenR + 6] & 0x80) != 0)
            return false;
        if (lenS > 1 && sig[lenR + 6] == 0 && (sig[lenR + 7] & 0x80) == 0)
            return false;
        return true;
    }

    /// <summary>bitcoind's IsCompressedOrUncompressedPubKey (STRICTENC): 33 bytes with 0x02/0x03, or 65 with 0x04.</summary>
    public static bool IsCompressedOrUncompressed(ReadOnlySpan<byte> key) => key.Length switch
    {
        33 => key[0] is 0x02 or 0x03,
        65 => key[0] == 0x04,
        _ => false,
    };

    /// <summary>bitcoind's IsCompressedPubKey (WITNESS_PUBKEYTYPE).</summary>
    public static bool IsCompressed(ReadOnlySpan<byte> key) => key.Length == 33 && key[0] is 0x02 or 0x03;

    /// <summary>
    /// Parses DER the way OpenSSL once did and consensus still must (libsecp256k1's contrib
    /// ecdsa_signature_parse_der_lax, used by bitcoind's CPubKey::Verify): lengths may be long-form or padded, integers
    /// may carry extra leading zeros. False only for a structure that cannot be read. An R or S wider than 32 bytes, or
    /// not below the curve order, yields a signature that never verifies (<paramref name="signature"/> null).
    /// </summary>
    public static bool TryParseLaxDer(ReadOnlySpan<byte> der, out EcdsaSignature? signature)
    {
        signature = null;
        var pos = 0;
        if (pos == der.Length || der[pos] != 0x30)
            return false;
        pos++;
        if (pos == der.Length)
            return false;
        int lenByte = der[pos++];
        if ((lenByte & 0x80) != 0)
        {
            lenByte -= 0x80;
            if (lenByte > der.Length - pos)
                return false;
            pos += lenByte;
        }
        if (!TryReadInteger(der, ref pos, out var rPos, out var rLen) || !TryReadInteger(der, ref pos, out var sPos, out var sLen))
            return false;

        Span<byte> compact = stackalloc byte[64];
        compact.Clear();
        while (rLen > 0 && der[rPos] == 0)
        {
            rLen--;
            rPos++;
        }
        while (sLen > 0 && der[sPos] == 0)
        {
            sLen--;
            sPos++;
        }
        if (rLen > 32 || sLen > 32)
            return true;
        der.Slice(rPos, rLen).CopyTo(compact[(32 - rLen)..32]);
        der.Slice(sPos, sLen).CopyTo(compact[(64 - sLen)..]);
        _ = EcdsaSignature.TryParseCompact(compact, out signature);
        return true;
    }

    private static bool TryReadInteger(ReadOnlySpan<byte> der, ref int pos, out int valuePos, out int valueLen)
    {
        valuePos = 0;
        valueLen = 0;
        if (pos == der.Length || der[pos] != 0x02)
            return false;
        pos++;
        if (pos == der.Length)
            return false;
        int lenByte = der[pos++];
        long length;
        if ((lenByte & 0x80) != 0)
        {
            lenByte -= 0x80;
            if (lenByte > der.Length - pos)
                return false;
            while (lenByte > 0 && der[pos] == 0)
            {
                pos++;
                lenByte--;
            }
            if (lenByte >= sizeof(long))
                return false;
            length = 0;
            while (lenByte > 0)
            {
                length = (length << 8) + der[pos];
                pos++;
                lenByte--;
            }
        }
        else
        {
            length = lenByte;
        }
        if (length > der.Length - pos)
            return false;
        valuePos = pos;
        valueLen = (int)length;
        pos += valueLen;
        return true;
    }
}
