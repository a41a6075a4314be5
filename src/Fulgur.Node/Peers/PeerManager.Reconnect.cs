using Fulgur.Protocol.Types;

namespace Fulgur.Node.Peers;

public sealed partial class PeerManager
{
    /// <summary>
    /// Where the peer announced it can be reached (gossip's node_announcement), for peers we never dialled ourselves.
    /// Set once while the node is composed.
    /// </summary>
    public Func<NodeId, CancellationToken, Task<IReadOnlyList<Config.HostPort>>>? AnnouncedAddresses { get; set; }

    /// <summary>
    /// Redials a peer we have channels with, at the address we last dialled, else at the addresses it announced (tried in
    /// turn), until it is connected (by us or by it), the flag is cleared, or the node stops; the delay between attempts
    /// doubles from <see cref="PeerOptions.MinReconnectDelay"/> to <see cref="PeerOptions.MaxReconnectDelay"/>. A peer
    /// that only ever connected in and announced nothing is left to dial us (interfaces.md §6 "Restarts").
    /// </summary>
    private void StartReconnect(NodeId id)
    {
        if (_stopping.IsCancellationRequested || !_reconnecting.TryAdd(id, 0))
            return;
        Track(ReconnectLoopAsync(id));
    }

    private async Task ReconnectLoopAsync(NodeId id)
    {
        try
        {
            // Leave the current call stack (a closing connection) first.
            await Task.Yield();
            var delay = _options.MinReconnectDelay;
            var attempt = 0;
            while (!_stopping.IsCancellationRequested && HasChannels(id) && !IsConnected(id))
            {
                Config.HostPort? address;
                await using (var tx = await _store.BeginAsync(_stopping.Token).ConfigureAwait(false))
                    address = (await tx.Peers.GetAsync(id, _stopping.Token).ConfigureAwait(false))?.Address;
                if (address is null && AnnouncedAddresses is { } announced)
                {
                    var addresses = await announced(id, _stopping.Token).ConfigureAwait(false);
                    address = addresses.Count > 0 ? addresses[attempt++ % addresses.Count] : null;
                }
                if (address is null)
                {
                    _log.Debug($"{id}: no address to reconnect to; waiting for the peer to connect");
                    return;
                }
                try
                {
                    await ConnectAsync(id, address, _stopping.Token).ConfigureAwait(false);
                    _log.Info($"{id}: reconnected");
                    return;
                }
                catch (PeerConnectException e)
                {
                    _log.Debug($"{id}: reconnection failed, next try in {delay.TotalSeconds:0.###} seconds: {e.Message}");
                }
                await Task.Delay(delay, _clock, _stopping.Token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _reconnecting.TryRemove(id, out _);
        }
    }
}
