using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 1 <c>pong</c>: the reply to a <c>ping</c>, <see cref="Ignored"/> being as long as the ping asked.</summary>
public sealed record PongMessage(ByteVector Ignored, TlvStream UnknownTlvs) : IWireMessage<PongMessage>
{
    /// <summary>A pong with <paramref name="length"/> zero bytes.</summary>
    // BOLT #1: "SHOULD set `ignored` to 0s."
    public PongMessage(ushort length)
        : this(ByteVector.Zeros(length), TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(19);

    public static string Name => "pong";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("u16", "byteslen"),
        new("byteslen*byte", "ignored"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    /// <summary>
    /// Whether this pong answers a ping that asked for <paramref name="numPongBytes"/>.
    /// </summary>
    // BOLT #1: "if `byteslen` does not correspond to any `ping`'s `num_pong_bytes` value it has sent: - MAY close
    // the connection."
    public bool Answers(PingMessage ping)
    {
        ArgumentNullException.ThrowIfNull(ping);
        return ping.ExpectsPong && Ignored.Length == ping.NumPongBytes;
    }

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out PongMessage? message)
    {
        message = null;
        if (!reader.TryReadU16Prefixed(out var ignored) || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new PongMessage(ignored, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteU16Prefixed(Ignored.Span);
        UnknownTlvs.Write(writer);
    }
}
