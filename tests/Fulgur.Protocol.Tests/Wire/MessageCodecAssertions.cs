using Fulgur.Crypto;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Tests.Wire;

/// <summary>
/// The checks the message codec tests (BOLT 1, 2 and 7) share: round trips through <see cref="MessageRegistry"/>,
/// truncated, mutated and garbage input refused with an error (never an exception), and whatever decodes re-encodes exactly.
/// </summary>
internal static class MessageCodecAssertions
{
    /// <summary>Decodes <paramref name="hex"/>, which must succeed.</summary>
    public static IWireMessage Decode(string hex) => Decode(Hex.Decode(hex));

    /// <summary>Decodes <paramref name="bytes"/>, which must succeed.</summary>
    public static IWireMessage Decode(byte[] bytes)
    {
        Assert.True(MessageRegistry.Default.TryDecode(bytes, out var message, out var error), error.ToString());
        return message;
    }

    /// <summary>Decodes <paramref name="hex"/>, which must fail without a message; returns the error.</summary>
    public static WireError DecodeFailure(string hex)
    {
        Assert.False(MessageRegistry.Default.TryDecode(Hex.Decode(hex), out var message, out var error));
        Assert.Null(message);
        return error;
    }

    /// <summary>Encodes <paramref name="message"/>, decodes it back to an equal message that re-encodes to the same bytes; returns them.</summary>
    public static byte[] AssertRoundTrips(IWireMessage message)
    {
        var bytes = MessageRegistry.Encode(message);
        Assert.True(MessageRegistry.Default.TryDecode(bytes, out var decoded, out var error), error.ToString());
        Assert.Equal(message, decoded);
        Assert.Equal(bytes, MessageRegistry.Encode(decoded));
        return bytes;
    }

    /// <summary>Every strict prefix of <paramref name="bytes"/> that keeps the type fails as truncated.</summary>
    public static void AssertEveryCutIsTruncated(byte[] bytes, string what = "")
    {
        for (var cut = 2; cut < bytes.Length; cut++)
        {
            Assert.False(MessageRegistry.Default.TryDecode(bytes.AsSpan(0, cut), out _, out var error), $"{what} cut at {cut}");
            Assert.Equal(WireErrorKind.Truncated, error.Kind);
        }
    }

    /// <summary>
    /// Decoding <paramref name="bytes"/> never throws: either it decodes to a message that re-encodes to exactly those
    /// bytes, or it fails with an error.
    /// </summary>
    public static void AssertDecodesExactlyOrFails(byte[] bytes)
    {
        if (MessageRegistry.Default.TryDecode(bytes, out var decoded, out var error))
            Assert.Equal(bytes, MessageRegistry.Encode(decoded));
        else
            Assert.NotEqual(WireErrorKind.None, error.Kind);
    }

    /// <summary>
    /// <paramref name="message"/> cut at <c>cutSeed % length</c>: a cut that happens to end on a record boundary may
    /// still decode, and must then re-encode to itself; any other cut fails with an error.
    /// </summary>
    public static void AssertTruncationDecodesExactlyOrFails(IWireMessage message, int cutSeed)
    {
        var bytes = MessageRegistry.Encode(message);
        AssertDecodesExactlyOrFails(bytes[..(cutSeed % bytes.Length)]);
    }

    /// <summary>
    /// Structure-aware fuzzing: <paramref name="message"/>'s encoding with one byte flipped (operation 0), inserted (1)
    /// or deleted (2) at <c>position % (length + 1)</c>, then checked with <see cref="AssertDecodesExactlyOrFails"/>.
    /// </summary>
    public static void AssertMutationDecodesExactlyOrFails(IWireMessage message, int operation, int position, byte value)
    {
        var bytes = MessageRegistry.Encode(message).ToList();
        var at = position % (bytes.Count + 1);
        switch (operation)
        {
            case 0 when at < bytes.Count:
                bytes[at] ^= (byte)(value | 1);
                break;
            case 1:
                bytes.Insert(at, value);
                break;
            default:
                if (at < bytes.Count)
                    bytes.RemoveAt(at);
                break;
        }
        AssertDecodesExactlyOrFails(bytes.ToArray());
    }

    /// <summary>A message of type <paramref name="type"/> with <paramref name="payload"/>, checked with <see cref="AssertDecodesExactlyOrFails"/>.</summary>
    public static void AssertGarbageDecodesExactlyOrFails(ushort type, byte[] payload) =>
        AssertDecodesExactlyOrFails([(byte)(type >> 8), (byte)type, .. payload]);
}
