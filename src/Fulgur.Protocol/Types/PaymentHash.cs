namespace Fulgur.Protocol.Types;

/// <summary>The SHA256 of a payment preimage (<c>payment_hash</c>, a <c>sha256</c> on the wire).</summary>
public readonly record struct PaymentHash(Bytes32 Value)
{
    public static PaymentHash FromSpan(ReadOnlySpan<byte> bytes32) => new(Bytes32.FromSpan(bytes32));

    public static bool TryParse(ReadOnlySpan<char> hex, out PaymentHash hash)
    {
        var ok = Bytes32.TryParseHex(hex, out var value);
        hash = new PaymentHash(value);
        return ok;
    }

    public static PaymentHash Parse(string hex) =>
        TryParse(hex, out var hash) ? hash : throw new FormatException("a payment hash is 64 hex characters");

    public byte[] ToArray() => Value.ToArray();

    public override string ToString() => Value.ToHex();
}
