using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Invoices;

/// <summary>
/// The 32-byte <c>payment_secret</c> of an invoice's <c>s</c> field, which the payer repeats in the final onion payload.
/// BOLT #11: "This 256-bit secret prevents forwarding nodes from probing the payment recipient."
/// </summary>
public readonly record struct PaymentSecret(Bytes32 Value)
{
    public static PaymentSecret FromSpan(ReadOnlySpan<byte> bytes32) => new(Bytes32.FromSpan(bytes32));

    public static bool TryParse(ReadOnlySpan<char> hex, out PaymentSecret secret)
    {
        var ok = Bytes32.TryParseHex(hex, out var value);
        secret = new PaymentSecret(value);
        return ok;
    }

    public static PaymentSecret Parse(string hex) =>
        TryParse(hex, out var secret) ? secret : throw new FormatException("a payment secret is 64 hex characters");

    public byte[] ToArray() => Value.ToArray();

    public override string ToString() => Value.ToHex();
}
