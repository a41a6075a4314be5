using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 1 <c>ping</c>: a keep-alive asking for a <c>pong</c> of <see cref="NumPongBytes"/> bytes.</summary>
public sealed record PingMessage(ushort NumPongBytes, ByteVector Ignored, TlvStream UnknownTlvs) : IWireMessage<PingMessage>
{
    /// <summary>The first <c>num_pong_bytes</c> that asks for no reply.</summary>
    public const ushort NoPongThreshold = 65532;

    /// <summary>A ping with <paramref name="paddingLength"/> zero bytes of padding.</summary>
    // BOLT #1: "SHOULD set `ignored` to 0s."
    public PingMessage(ushort numPongBytes, ushort paddingLength = 0)
        : this(numPongBytes, ByteVector.Zeros(paddingLength), TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(18);

    public static string Name => "ping";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("u16", "num_pong_bytes"),
        new("u16", "byteslen"),
        new("byteslen*byte", "ignored"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    // BOLT #1: "if `num_pong_bytes` is less than 65532: - MUST respond by sending a `pong` message, with
    // `byteslen` equal to `num_pong_bytes`."
    public bool ExpectsPong => NumPongBytes < NoPongThreshold;

    /// <summary>
    /// The reply this ping asks for, or null when it must be ignored.
    /// </summary>
    // BOLT #1: "otherwise (`num_pong_bytes` is **not** less than 65532): - MUST ignore the `ping`."
    public PongMessage? CreatePong() => ExpectsPong ? new PongMessage(NumPongBytes) : null;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out PingMessage? message)
    {
        message = null;
        if (!reader.TryReadU16(out var numPongBytes)
            || !reader.TryReadU16Prefixed(out var ignored)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new PingMessage(numPongBytes, ignored, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteU16(NumPongBytes);
        writer.WriteU16Prefixed(Ignored.Span);
        UnknownTlvs.Write(writer);
    }
}
