using Fulgur.Node.Config;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Storage;

/// <summary>
/// What the node remembers about a peer across restarts: the address it last dialled (null when the peer only ever
/// connected in) and whether a later component (channels) marked it as one we have channels with, which makes the
/// peer manager reconnect by itself (interfaces.md §6 "Restarts").
/// </summary>
public sealed record StoredPeer(NodeId Id, HostPort? Address, bool HasChannels);

/// <summary>The <c>peers</c> table.</summary>
public interface IPeerRepository
{
    Task<IReadOnlyList<StoredPeer>> ListAsync(CancellationToken cancellationToken);

    Task<StoredPeer?> GetAsync(NodeId id, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="address"/> as the address we last dialled (creating the row if needed).</summary>
    Task SetAddressAsync(NodeId id, HostPort address, CancellationToken cancellationToken);

    /// <summary>Sets the has-channels flag (creating the row if needed).</summary>
    Task SetHasChannelsAsync(NodeId id, bool hasChannels, CancellationToken cancellationToken);
}
