using Fulgur.Crypto;
using Fulgur.Protocol.Transport;

namespace Fulgur.Protocol.Tests.Transport;

/// <summary>Two ends of a BOLT 8 session that completed a real handshake between fresh keys, for round-trip tests.</summary>
internal sealed class SessionPair : IDisposable
{
    private SessionPair(PrivateKey initiatorStatic, PrivateKey responderStatic, TransportCipher initiator, TransportCipher responder)
    {
        InitiatorStatic = initiatorStatic;
        ResponderStatic = responderStatic;
        Initiator = initiator;
        Responder = responder;
    }

    public PrivateKey InitiatorStatic { get; }

    public PrivateKey ResponderStatic { get; }

    public TransportCipher Initiator { get; }

    public TransportCipher Responder { get; }

    public static SessionPair Create()
    {
        var initiatorStatic = PrivateKey.Generate();
        var responderStatic = PrivateKey.Generate();
        using var initiator = NoiseHandshake.Initiator(initiatorStatic, responderStatic.PublicKey);
        using var responder = NoiseHandshake.Responder(responderStatic);
        Span<byte> actOne = stackalloc byte[NoiseHandshake.ActOneLength];
        Span<byte> actTwo = stackalloc byte[NoiseHandshake.ActTwoLength];
        Span<byte> actThree = stackalloc byte[NoiseHandshake.ActThreeLength];

        initiator.WriteActOne(actOne);
        Assert.True(responder.TryReadActOne(actOne, out var error), error.ToString());
        responder.WriteActTwo(actTwo);
        Assert.True(initiator.TryReadActTwo(actTwo, actThree, out var initiatorCipher, out error), error.ToString());
        Assert.True(responder.TryReadActThree(actThree, out var responderCipher, out error), error.ToString());
        return new SessionPair(initiatorStatic, responderStatic, initiatorCipher, responderCipher);
    }

    /// <summary>Decrypts one whole frame as a socket reader would: the 18-byte header, then exactly length + 16 bytes.</summary>
    public static bool TryReceive(TransportCipher receiver, ReadOnlySpan<byte> frame, out byte[] message, out TransportError error)
    {
        message = [];
        if (!receiver.TryDecryptLength(frame[..Math.Min(frame.Length, TransportCipher.HeaderLength)], out var length, out error))
            return false;
        var bodyEnd = Math.Min(frame.Length, TransportCipher.HeaderLength + length + TransportCipher.MacLength);
        var buffer = new byte[length];
        if (!receiver.TryDecryptBody(frame[TransportCipher.HeaderLength..bodyEnd], buffer, out error))
            return false;
        message = buffer;
        return true;
    }

    public void Dispose()
    {
        Initiator.Dispose();
        Responder.Dispose();
        InitiatorStatic.Dispose();
        ResponderStatic.Dispose();
    }
}
