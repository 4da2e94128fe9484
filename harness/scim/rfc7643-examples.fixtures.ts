/**
 * Example resources typed by hand from RFC 7643 §8.1–§8.4 and from the IdP dossier
 * (../shared/docs/idp-behaviour.md), for tests of validation, coercion and projection.
 * Functions, so that every test gets its own copy.
 */
import type { JsonObject } from "./plain-object.ts";

const BABS_ID = "2819c223-7f76-453a-919d-413861904646";

/** RFC 7643 §8.1 Minimal User Representation. */
export const rfcMinimalUser = (): JsonObject => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: BABS_ID,
  userName: "bjensen@example.com",
  meta: {
    resourceType: "User",
    created: "2010-01-23T04:56:22Z",
    lastModified: "2011-05-13T04:42:34Z",
    version: 'W/"3694e05e9dff590"',
    location: "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
  },
});

const BABS_CERTIFICATE =
  "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx" +
  "EzARBgNVBAgMCkNhbGlmb3JuaWExFDASBgNVBAoMC2V4YW1wbGUuY29tMRQwEgYD" +
  "VQQDDAtleGFtcGxlLmNvbTAeFw0xMTEwMjIwNjI0MzFaFw0xMjEwMDQwNjI0MzFa" +
  "MH8xCzAJBgNVBAYTAlVTMRMwEQYDVQQIDApDYWxpZm9ybmlhMRQwEgYDVQQKDAtl" +
  "eGFtcGxlLmNvbTEhMB8GA1UEAwwYTXMuIEJhcmJhcmEgSiBKZW5zZW4gSUlJMSIw" +
  "IAYJKoZIhvcNAQkBFhNiamVuc2VuQGV4YW1wbGUuY29tMIIBIjANBgkqhkiG9w0B" +
  "AQEFAAOCAQ8AMIIBCgKCAQEA7Kr+Dcds/JQ5GwejJFcBIP682X3xpjis56AK02bc" +
  "1FLgzdLI8auoR+cC9/Vrh5t66HkQIOdA4unHh0AaZ4xL5PhVbXIPMB5vAPKpzz5i" +
  "PSi8xO8SL7I7SDhcBVJhqVqr3HgllEG6UClDdHO7nkLuwXq8HcISKkbT5WFTVfFZ" +
  "zidPl8HZ7DhXkZIRtJwBweq4bvm3hM1Os7UQH05ZS6cVDgweKNwdLLrT51ikSQG3" +
  "DYrl+ft781UQRIqxgwqCfXEuDiinPh0kkvIi5jivVu1Z9QiwlYEdRbLJ4zJQBmDr" +
  "SGTMYn4lRc2HgHO4DqB/bnMVorHB0CC6AV1QoFK4GPe1LwIDAQABo3sweTAJBgNV" +
  "HRMEAjAAMCwGCWCGSAGG+EIBDQQfFh1PcGVuU1NMIEdlbmVyYXRlZCBDZXJ0aWZp" +
  "Y2F0ZTAdBgNVHQ4EFgQU8pD0U0vsZIsaA16lL8En8bx0F/gwHwYDVR0jBBgwFoAU" +
  "dGeKitcaF7gnzsNwDx708kqaVt0wDQYJKoZIhvcNAQEFBQADgYEAA81SsFnOdYJt" +
  "Ng5Tcq+/ByEDrBgnusx0jloUhByPMEVkoMZ3J7j1ZgI8rAbOkNngX8+pKfTiDz1R" +
  "C4+dx8oU6Za+4NJXUjlL5CvV6BEYb1+QAEJwitTVvxB/A67g42/vzgAtoRUeDov1" +
  "+GFiBZ+GNF/cAYKcMtGcrs2i97ZkJMo=";

/** RFC 7643 §8.2 Full User Representation ("Babs Jensen"). */
export const rfcFullUser = (): JsonObject => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: BABS_ID,
  externalId: "701984",
  userName: "bjensen@example.com",
  name: {
    formatted: "Ms. Barbara J Jensen, III",
    familyName: "Jensen",
    givenName: "Barbara",
    middleName: "Jane",
    honorificPrefix: "Ms.",
    honorificSuffix: "III",
  },
  displayName: "Babs Jensen",
  nickName: "Babs",
  profileUrl: "https://login.example.com/bjensen",
  emails: [
    { value: "bjensen@example.com", type: "work", primary: true },
    { value: "babs@jensen.org", type: "home" },
  ],
  addresses: [
    {
      type: "work",
      streetAddress: "100 Universal City Plaza",
      locality: "Hollywood",
      region: "CA",
      postalCode: "91608",
      country: "USA",
      formatted: "100 Universal City Plaza\nHollywood, CA 91608 USA",
      primary: true,
    },
    {
      type: "home",
      streetAddress: "456 Hollywood Blvd",
      locality: "Hollywood",
      region: "CA",
      postalCode: "91608",
      country: "USA",
      formatted: "456 Hollywood Blvd\nHollywood, CA 91608 USA",
    },
  ],
  phoneNumbers: [
    { value: "555-555-5555", type: "work" },
    { value: "555-555-4444", type: "mobile" },
  ],
  ims: [{ value: "someaimhandle", type: "aim" }],
  photos: [
    { value: "https://photos.example.com/profilephoto/72930000000Ccne/F", type: "photo" },
    { value: "https://photos.example.com/profilephoto/72930000000Ccne/T", type: "thumbnail" },
  ],
  userType: "Employee",
  title: "Tour Guide",
  preferredLanguage: "en-US",
  locale: "en-US",
  timezone: "America/Los_Angeles",
  active: true,
  password: "t1meMa$heen",
  groups: [
    {
      value: "e9e30dba-f08f-4109-8486-d5c6a331660a",
      $ref: "https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a",
      display: "Tour Guides",
    },
    {
      value: "fc348aa8-3835-40eb-a20b-c726e15c55b5",
      $ref: "https://example.com/v2/Groups/fc348aa8-3835-40eb-a20b-c726e15c55b5",
      display: "Employees",
    },
    {
      value: "71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7",
      $ref: "https://example.com/v2/Groups/71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7",
      display: "US Employees",
    },
  ],
  x509Certificates: [{ value: BABS_CERTIFICATE }],
  meta: {
    resourceType: "User",
    created: "2010-01-23T04:56:22Z",
    lastModified: "2011-05-13T04:42:34Z",
    version: 'W/"a330bc54f0671c9"',
    location: "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
  },
});

/** RFC 7643 §8.3 Enterprise User Extension Representation (the §8.2 user plus the extension). */
export const rfcEnterpriseUser = (): JsonObject => ({
  ...rfcFullUser(),
  schemas: [
    "urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  ],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
    employeeNumber: "701984",
    costCenter: "4130",
    organization: "Universal Studios",
    division: "Theme Park",
    department: "Tour Operations",
    manager: {
      value: "26118915-6090-4610-87e4-49d8ca9f808d",
      $ref: "../Users/26118915-6090-4610-87e4-49d8ca9f808d",
      displayName: "John Smith",
    },
  },
  meta: {
    resourceType: "User",
    created: "2010-01-23T04:56:22Z",
    lastModified: "2011-05-13T04:42:34Z",
    version: 'W/"3694e05e9dff591"',
    location: "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
  },
});

/** RFC 7643 §8.4 Group Representation. */
export const rfcGroup = (): JsonObject => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  id: "e9e30dba-f08f-4109-8486-d5c6a331660a",
  displayName: "Tour Guides",
  members: [
    {
      value: "2819c223-7f76-453a-919d-413861904646",
      $ref: "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
      display: "Babs Jensen",
    },
    {
      value: "902c246b-6245-4190-8e05-00816be7344a",
      $ref: "https://example.com/v2/Users/902c246b-6245-4190-8e05-00816be7344a",
      display: "Mandy Pepperidge",
    },
  ],
  meta: {
    resourceType: "Group",
    created: "2010-01-23T04:56:22Z",
    lastModified: "2011-05-13T04:42:34Z",
    version: 'W/"3694e05e9dff592"',
    location: "https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a",
  },
});

/** Entra ID create-user body (idp-behaviour §1.5.1, [S1]), sent with a read-only `meta`. */
export const entraCreateUser = (): JsonObject => ({
  schemas: [
    "urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  ],
  externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
  userName: "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
  active: true,
  emails: [
    { primary: true, type: "work", value: "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com" },
  ],
  meta: { resourceType: "User" },
  name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
  roles: [],
});

/** Entra SCIM Validator style body with string booleans (`roles[].primary: "True"` [C15], `active` [C8]). */
export const entraStringBooleanUser = (): JsonObject => ({
  ...entraCreateUser(),
  active: "False",
  emails: [{ primary: "true", type: "work", value: "validator@testuser.com" }],
  roles: [{ primary: "True", type: "WindowsAzureActiveDirectoryRole", value: "Admin" }],
});

/** JumpCloud minimal PUT (idp-behaviour, [J6]): `emails: null` means "clear". */
export const jumpCloudMinimalPut = (): JsonObject => ({
  active: true,
  emails: null,
  id: "5107a4e4-0b11-4e77-8dcf-c8c6978d40ac",
  name: { familyName: "lastname", givenName: "firstname" },
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: "testuser@example.io",
});
