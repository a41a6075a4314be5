using Fulgur.Crypto;

namespace Fulgur.Protocol.Types;

/// <summary>A payment preimage (<c>payment_preimage</c>, 32 bytes); its SHA256 is the payment hash.</summary>
public readonly record struct Preimage(Bytes32 Value)
{
    public static Preimage FromSpan(ReadOnlySpan<byte> bytes32) => new(Bytes32.FromSpan(bytes32));

    public static bool TryParse(ReadOnlySpan<char> hex, out Preimage preimage)
    {
        var ok = Bytes32.TryParseHex(hex, out var value);
        preimage = new Preimage(value);
        return ok;
    }

    public static Preimage Parse(string hex) =>
        TryParse(hex, out var preimage) ? preimage : throw new FormatException("a preimage is 64 hex characters");

    /// <summary>SHA256 of the preimage: the payment hash it unlocks.</summary>
    public PaymentHash Hash
    {
        get
        {
            Span<byte> bytes = stackalloc byte[Bytes32.Length];
            Value.CopyTo(bytes);
            Span<byte> digest = stackalloc byte[Bytes32.Length];
            Sha256.Hash(bytes, digest);
            return PaymentHash.FromSpan(digest);
        }
    }

    public byte[] ToArray() => Value.ToArray();

    public override string ToString() => Value.ToHex();
}
