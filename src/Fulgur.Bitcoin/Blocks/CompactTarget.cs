using System.Globalization;
using System.Numerics;

namespace Fulgur.Bitcoin.Blocks;

/// <summary>
/// A proof-of-work target in the header's compact form ("nBits"): a 1-byte exponent and a 3-byte mantissa with a sign
/// bit, so target = mantissa · 256^(exponent − 3). As bitcoind's arith_uint256::SetCompact/GetCompact.
/// </summary>
public readonly record struct CompactTarget(uint Bits)
{
    /// <summary>
    /// The target these bits encode. False when the encoding is negative, zero or overflows 256 bits, which bitcoind's
    /// CheckProofOfWork rejects.
    /// </summary>
    public bool TryGetTarget(out BigInteger target)
    {
        var exponent = (int)(Bits >> 24);
        var word = Bits & 0x007f_ffff;
        if (exponent <= 3)
        {
            word >>= 8 * (3 - exponent);
            target = word;
        }
        else
        {
            target = new BigInteger(word) << (8 * (exponent - 3));
        }
        var negative = word != 0 && (Bits & 0x0080_0000) != 0;
        var overflow = word != 0 && (exponent > 34 || (word > 0xff && exponent > 33) || (word > 0xffff && exponent > 32));
        return !negative && !overflow && !target.IsZero;
    }

    /// <summary>The compact form of a (non-negative, at most 256-bit) target, rounding down as bitcoind's GetCompact does.</summary>
    public static CompactTarget FromTarget(BigInteger target)
    {
        if (target.Sign < 0)
            throw new ArgumentOutOfRangeException(nameof(target), "a target is not negative");
        var size = target.IsZero ? 0 : (int)((target.GetBitLength() + 7) / 8);
        uint compact = size <= 3 ? (uint)(target << (8 * (3 - size))) : (uint)(target >> (8 * (size - 3)));
        // The mantissa's top bit is the sign: shift it out of the way.
        if ((compact & 0x0080_0000) != 0)
        {
            compact >>= 8;
            size++;
        }
        return new CompactTarget(compact | ((uint)size << 24));
    }

    /// <summary>
    /// bitcoind's CheckProofOfWork: the bits give a valid target no higher than <paramref name="powLimit"/>, and the
    /// hash, read as a little-endian 256-bit number, does not exceed the target.
    /// </summary>
    public bool IsMetBy(BlockHash hash, BigInteger powLimit)
    {
        if (!TryGetTarget(out var target) || target > powLimit)
            return false;
        var value = new BigInteger(hash.ToBytes(), isUnsigned: true, isBigEndian: false);
        return value <= target;
    }

    /// <summary>The expected number of hashes to meet this target (bitcoind's GetBlockProof: 2^256 / (target + 1)).</summary>
    public BigInteger Work => TryGetTarget(out var target) ? (BigInteger.One << 256) / (target + 1) : BigInteger.Zero;

    public override string ToString() => Bits.ToString("x8", CultureInfo.InvariantCulture);
}
