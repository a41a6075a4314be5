using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 1 <c>peer_storage</c>: an encrypted blob the sender asks us to keep for it.</summary>
public sealed record PeerStorageMessage(ByteVector Blob, TlvStream UnknownTlvs) : IWireMessage<PeerStorageMessage>
{
    // BOLT #1: "MUST limit its `blob` to 65531 bytes."
    public const int MaxBlobLength = 65531;

    public PeerStorageMessage(ByteVector blob)
        : this(blob, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(7);

    public static string Name => "peer_storage";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("u16", "length"),
        new("length*byte", "blob"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out PeerStorageMessage? message)
    {
        message = null;
        if (!reader.TryReadU16Prefixed(out var blob) || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new PeerStorageMessage(blob, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteU16Prefixed(Blob.Span);
        UnknownTlvs.Write(writer);
    }
}
