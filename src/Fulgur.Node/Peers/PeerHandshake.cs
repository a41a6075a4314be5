using Fulgur.Crypto;
using Fulgur.Protocol.Transport;

namespace Fulgur.Node.Peers;

/// <summary>
/// The socket side of the BOLT 8 handshake: reads and writes the three acts over a stream, around the pure
/// <see cref="NoiseHandshake"/>. A rejected act ends the attempt with nothing further sent
/// (BOLT #8: "the responder MUST terminate the connection without any further messages").
/// </summary>
internal static class PeerHandshake
{
    /// <summary>Initiator: we know the responder's static key. Throws <see cref="PeerConnectException"/> when the attempt fails.</summary>
    public static async Task<TransportCipher> InitiateAsync(Stream stream, PrivateKey localStatic, PublicKey remoteStatic,
        CancellationToken cancellationToken)
    {
        using var handshake = NoiseHandshake.Initiator(localStatic, remoteStatic);
        var actOne = new byte[NoiseHandshake.ActOneLength];
        handshake.WriteActOne(actOne);
        await stream.WriteAsync(actOne, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

        var actTwo = new byte[NoiseHandshake.ActTwoLength];
        // A responder whose static key is not the one we dialled fails Act One's MAC and hangs up: that is what a wrong
        // node id looks like from this side.
        await ReadActAsync(stream, actTwo, "peer closed the connection during the handshake (wrong node id?)", cancellationToken)
            .ConfigureAwait(false);
        var actThree = new byte[NoiseHandshake.ActThreeLength];
        if (!handshake.TryReadActTwo(actTwo, actThree, out var cipher, out var error))
            throw new PeerConnectException($"handshake failed: {error}");
        try
        {
            await stream.WriteAsync(actThree, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            cipher.Dispose();
            throw;
        }
        return cipher;
    }

    /// <summary>Responder: learns the initiator's static key from Act Three. Throws <see cref="PeerConnectException"/> when the attempt fails.</summary>
    public static async Task<TransportCipher> RespondAsync(Stream stream, PrivateKey localStatic, CancellationToken cancellationToken)
    {
        using var handshake = NoiseHandshake.Responder(localStatic);
        var actOne = new byte[NoiseHandshake.ActOneLength];
        await ReadActAsync(stream, actOne, "peer closed the connection during act one", cancellationToken).ConfigureAwait(false);
        if (!handshake.TryReadActOne(actOne, out var error))
            throw new PeerConnectException($"handshake failed: {error}");
        var actTwo = new byte[NoiseHandshake.ActTwoLength];
        handshake.WriteActTwo(actTwo);
        await stream.WriteAsync(actTwo, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

        var actThree = new byte[NoiseHandshake.ActThreeLength];
        await ReadActAsync(stream, actThree, "peer closed the connection during act three", cancellationToken).ConfigureAwait(false);
        if (!handshake.TryReadActThree(actThree, out var cipher, out error))
            throw new PeerConnectException($"handshake failed: {error}");
        return cipher;
    }

    // BOLT #8: "Read _exactly_ 50 bytes from the network buffer." (66 for Act Three)
    private static async Task ReadActAsync(Stream stream, byte[] act, string closedMessage, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(act, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new PeerConnectException(closedMessage, e);
        }
    }
}
