using System;
using System.Collections.Generic;

// Hetzner Cloud API v1 wire types (snake_case on the wire via ProviderHttpClient.Json). Only the fields Spuff
// reads or sends; unknown fields are ignored. Kept apart from the Spuff.Core model, like hcloud-go's schema package.
namespace Spuff.Providers.Hetzner
{
    internal sealed class HetznerMeta
    {
        public HetznerPagination? Pagination { get; set; }
    }

    internal sealed class HetznerPagination
    {
        public long Page { get; set; }

        public long PerPage { get; set; }

        public long? PreviousPage { get; set; }

        public long? NextPage { get; set; }

        public long? LastPage { get; set; }

        public long? TotalEntries { get; set; }
    }

    internal interface IHetznerPage<T>
    {
        HetznerMeta? Meta { get; }

        /// <summary>The list; null when the answer had no list field (a malformed page).</summary>
        List<T>? Items { get; }
    }

    internal sealed class HetznerServerList : IHetznerPage<HetznerServer>
    {
        private List<HetznerServer>? _servers;

        /// <summary>Empty when the answer had no list; the page's Items tell the two apart.</summary>
        public List<HetznerServer> Servers { get => _servers ?? new List<HetznerServer>(); set => _servers = value; }

        public HetznerMeta? Meta { get; set; }

        List<HetznerServer>? IHetznerPage<HetznerServer>.Items => _servers;
    }

    internal sealed class HetznerServerEnvelope
    {
        public HetznerServer? Server { get; set; }

        public HetznerAction? Action { get; set; }
    }

    internal sealed class HetznerServer
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public DateTimeOffset Created { get; set; }

        public HetznerPublicNet? PublicNet { get; set; }

        public HetznerNamed? ServerType { get; set; }

        public HetznerDatacenter? Datacenter { get; set; }

        public HetznerNamed? Location { get; set; }

        public HetznerImage? Image { get; set; }

        public Dictionary<string, string>? Labels { get; set; }
    }

    internal sealed class HetznerPublicNet
    {
        public HetznerIp? Ipv4 { get; set; }

        public HetznerIp? Ipv6 { get; set; }
    }

    internal sealed class HetznerIp
    {
        public string? Ip { get; set; }
    }

    internal sealed class HetznerNamed
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string? Description { get; set; }
    }

    internal sealed class HetznerDatacenter
    {
        public string? Name { get; set; }

        public HetznerNamed? Location { get; set; }
    }

    /// <summary>POST /servers. image and ssh_keys hold a long (id) or a string (name): the API takes both.</summary>
    internal sealed class HetznerCreateServerRequest
    {
        public string Name { get; set; } = string.Empty;

        public string ServerType { get; set; } = string.Empty;

        public string Location { get; set; } = string.Empty;

        public object Image { get; set; } = string.Empty;

        public List<object>? SshKeys { get; set; }

        public string? UserData { get; set; }

        public Dictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

        public bool StartAfterCreate { get; set; } = true;
    }

    internal sealed class HetznerCreateImageRequest
    {
        public string Type { get; set; } = "snapshot";

        public string? Description { get; set; }

        public Dictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();
    }

    internal sealed class HetznerCreateImageResponse
    {
        public HetznerImage? Image { get; set; }

        public HetznerAction? Action { get; set; }
    }

    internal sealed class HetznerImage
    {
        public long Id { get; set; }

        public string? Type { get; set; }

        public string? Status { get; set; }

        public string? Name { get; set; }

        public string? Description { get; set; }

        public double? ImageSize { get; set; }

        public double? DiskSize { get; set; }

        public DateTimeOffset? Created { get; set; }

        public HetznerNamed? CreatedFrom { get; set; }

        public string? OsFlavor { get; set; }

        public string? OsVersion { get; set; }

        public string? Architecture { get; set; }

        public string? Deprecated { get; set; }

        public Dictionary<string, string>? Labels { get; set; }
    }

    internal sealed class HetznerImageEnvelope
    {
        public HetznerImage? Image { get; set; }
    }

    internal sealed class HetznerImageList : IHetznerPage<HetznerImage>
    {
        private List<HetznerImage>? _images;

        /// <summary>Empty when the answer had no list; the page's Items tell the two apart.</summary>
        public List<HetznerImage> Images { get => _images ?? new List<HetznerImage>(); set => _images = value; }

        public HetznerMeta? Meta { get; set; }

        List<HetznerImage>? IHetznerPage<HetznerImage>.Items => _images;
    }

    internal sealed class HetznerAction
    {
        public long Id { get; set; }

        public string? Command { get; set; }

        public string Status { get; set; } = string.Empty;

        public int? Progress { get; set; }

        public HetznerActionError? Error { get; set; }
    }

    internal sealed class HetznerActionError
    {
        public string? Code { get; set; }

        public string? Message { get; set; }
    }

    internal sealed class HetznerActionList : IHetznerPage<HetznerAction>
    {
        public List<HetznerAction> Actions { get; set; } = new List<HetznerAction>();

        public HetznerMeta? Meta { get; set; }

        List<HetznerAction> IHetznerPage<HetznerAction>.Items => Actions;
    }

    internal sealed class HetznerActionEnvelope
    {
        public HetznerAction? Action { get; set; }
    }

    internal sealed class HetznerSshKey
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string? Fingerprint { get; set; }
    }

    internal sealed class HetznerSshKeyList : IHetznerPage<HetznerSshKey>
    {
        private List<HetznerSshKey>? _sshKeys;

        /// <summary>Empty when the answer had no list; the page's Items tell the two apart.</summary>
        public List<HetznerSshKey> SshKeys { get => _sshKeys ?? new List<HetznerSshKey>(); set => _sshKeys = value; }

        public HetznerMeta? Meta { get; set; }

        List<HetznerSshKey>? IHetznerPage<HetznerSshKey>.Items => _sshKeys;
    }

    internal sealed class HetznerLocation
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string? Description { get; set; }

        public string? City { get; set; }

        public string? Country { get; set; }
    }

    internal sealed class HetznerLocationList : IHetznerPage<HetznerLocation>
    {
        private List<HetznerLocation>? _locations;

        /// <summary>Empty when the answer had no list; the page's Items tell the two apart.</summary>
        public List<HetznerLocation> Locations { get => _locations ?? new List<HetznerLocation>(); set => _locations = value; }

        public HetznerMeta? Meta { get; set; }

        List<HetznerLocation>? IHetznerPage<HetznerLocation>.Items => _locations;
    }

    internal sealed class HetznerServerType
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string? Description { get; set; }

        public double Cores { get; set; }

        public double Memory { get; set; }

        public double Disk { get; set; }

        public string? Architecture { get; set; }

        public bool Deprecated { get; set; }
    }

    internal sealed class HetznerServerTypeList : IHetznerPage<HetznerServerType>
    {
        private List<HetznerServerType>? _serverTypes;

        /// <summary>Empty when the answer had no list; the page's Items tell the two apart.</summary>
        public List<HetznerServerType> ServerTypes { get => _serverTypes ?? new List<HetznerServerType>(); set => _serverTypes = value; }

        public HetznerMeta? Meta { get; set; }

        List<HetznerServerType>? IHetznerPage<HetznerServerType>.Items => _serverTypes;
    }
}
